// A recording diff as text lines for people and as a JSON document for tools.
#include <string>

#include "witness/assertions/recording_diff.h"
#include "witness/recorder/printable.h"

namespace witness::assertions {
namespace {

using json = nlohmann::json;
using recorder::Printable;

// A reordering longer than this lists its first records and counts the rest.
constexpr std::size_t kMaxOrderShown = 10;

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string MemberLabel(const MemberDiff& member) {
  return member.member ? Printable(*member.member) : "(no member)";
}

std::string OpLabel(const std::string& op, std::size_t occurrence) {
  std::string label = op.empty() ? "(no op)" : Printable(op);
  if (occurrence > 1) label += " #" + std::to_string(occurrence);
  return label;
}

std::string ValueText(const std::optional<json>& value) {
  if (!value) return "(absent)";
  if (value->is_string()) return "'" + Printable(value->get_ref<const std::string&>()) + "'";
  return Printable(Dump(*value));
}

std::string OrderText(const std::vector<OpOccurrence>& order) {
  std::string out;
  for (std::size_t i = 0; i < order.size() && i < kMaxOrderShown; ++i) {
    if (i > 0) out += ", ";
    out += OpLabel(order[i].op, order[i].occurrence);
  }
  if (order.size() > kMaxOrderShown) {
    out += ", ... (" + std::to_string(order.size() - kMaxOrderShown) + " more)";
  }
  return out;
}

std::string DifferenceText(const Difference& difference) {
  switch (difference.kind) {
    case Difference::Kind::kAdded:
    case Difference::Kind::kRemoved: {
      std::string text = difference.kind == Difference::Kind::kAdded ? "+ " : "- ";
      text += difference.op.empty() ? "(no op)" : Printable(difference.op);
      if (difference.count > 1) text += " x" + std::to_string(difference.count);
      return text;
    }
    case Difference::Kind::kChanged:
      return OpLabel(difference.op, difference.occurrence) + ": " + Printable(difference.field) +
             " " + ValueText(difference.a) + " -> " + ValueText(difference.b);
    case Difference::Kind::kReordered: {
      const auto& a = difference.a_order;
      const auto& b = difference.b_order;
      if (a.size() == 2 && b.size() == 2 && a[0] == b[1] && a[1] == b[0]) {
        return OpLabel(a[0].op, a[0].occurrence) + " and " + OpLabel(a[1].op, a[1].occurrence) +
               " swapped";
      }
      return "order " + OrderText(a) + " -> " + OrderText(b);
    }
  }
  return "";
}

const char* KindName(Difference::Kind kind) {
  switch (kind) {
    case Difference::Kind::kAdded:
      return "added";
    case Difference::Kind::kRemoved:
      return "removed";
    case Difference::Kind::kChanged:
      return "changed";
    case Difference::Kind::kReordered:
      return "reordered";
  }
  return "";
}

json OrderJson(const std::vector<OpOccurrence>& order) {
  json out = json::array();
  for (const OpOccurrence& entry : order) {
    out.push_back({{"op", entry.op}, {"occurrence", entry.occurrence}});
  }
  return out;
}

json DifferenceJson(const Difference& difference) {
  json out = {{"kind", KindName(difference.kind)}};
  switch (difference.kind) {
    case Difference::Kind::kAdded:
    case Difference::Kind::kRemoved:
      out["op"] = difference.op;
      out["first_occurrence"] = difference.occurrence;
      out["count"] = difference.count;
      if (difference.kind == Difference::Kind::kAdded) {
        out["lines_b"] = difference.lines_b;
      } else {
        out["lines_a"] = difference.lines_a;
      }
      break;
    case Difference::Kind::kChanged:
      out["op"] = difference.op;
      out["occurrence"] = difference.occurrence;
      out["field"] = difference.field;
      if (difference.a) out["a"] = *difference.a;
      if (difference.b) out["b"] = *difference.b;
      out["line_a"] = difference.lines_a.empty() ? 0 : difference.lines_a.front();
      out["line_b"] = difference.lines_b.empty() ? 0 : difference.lines_b.front();
      break;
    case Difference::Kind::kReordered:
      out["a_order"] = OrderJson(difference.a_order);
      out["b_order"] = OrderJson(difference.b_order);
      break;
  }
  return out;
}

}  // namespace

std::string RenderRecordingDiffText(const RecordingDiff& diff) {
  std::string out;
  for (const MemberDiff& member : diff.members) {
    const std::string label = MemberLabel(member);
    for (const Difference& difference : member.differences) {
      out += label + ": " + DifferenceText(difference) + "\n";
    }
  }
  return out;
}

std::string RenderRecordingDiffJson(const RecordingDiff& diff) {
  json members = json::array();
  for (const MemberDiff& member : diff.members) {
    json differences = json::array();
    for (const Difference& difference : member.differences) {
      differences.push_back(DifferenceJson(difference));
    }
    members.push_back({{"member", member.member ? json(*member.member) : json(nullptr)},
                       {"differences", std::move(differences)}});
  }
  const json out = {{"schema", kDiffSchemaVersion},
                    {"a", diff.file_a},
                    {"b", diff.file_b},
                    {"same", diff.Same()},
                    {"differences", diff.DifferenceCount()},
                    {"ignored", diff.ignored_fields},
                    {"members", std::move(members)}};
  return recorder::PrintableJson(out.dump(2, ' ', false, json::error_handler_t::replace)) + "\n";
}

}  // namespace witness::assertions
