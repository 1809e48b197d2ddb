#include "witness/matchers/internal/threads_matcher.h"

#include <cstddef>
#include <map>
#include <sstream>
#include <optional>
#include <string>
#include <vector>

#include "witness/matchers/internal/near_miss.h"
#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/format.h"

namespace witness::matchers::internal {
namespace {

// Failure lines beyond this are counted, not shown.
constexpr std::size_t kMaxShownFailures = 10;
constexpr std::size_t kMaxShownMembers = 5;

struct Member {
  const recorder::Record* source = nullptr;  // the first record matching `from`
  std::vector<const recorder::Record*> targets;
};

}  // namespace

std::string ThreadsMatcher::Describe() const {
  return "field `" + key_ + "` from each member's first record that " + from_.DescribeClause() +
         " to every record of that member that " + to_.DescribeClause() +
         " (members being the values of field `name`)";
}

void ThreadsMatcher::DescribeTo(std::ostream* os) const {
  *os << "threads " << Describe() << ", for at least one member";
}

void ThreadsMatcher::DescribeNegationTo(std::ostream* os) const {
  *os << "does not thread " << Describe() << ", or not for any member";
}

bool ThreadsMatcher::MatchSet(const RecordSet& set, testing::MatchResultListener* listener) const {
  std::vector<std::string> order;  // members in order of first appearance
  std::map<std::string, Member> members;
  for (const recorder::Record* record : set.ordinary) {
    const bool is_source = from_.Matches(*record);
    const bool is_target = to_.Matches(*record);
    if (!is_source && !is_target) continue;
    const std::string name = record->String(recorder::keys::kName);
    auto [it, inserted] = members.try_emplace(name);
    if (inserted) order.push_back(name);
    if (is_source && it->second.source == nullptr) it->second.source = record;
    if (is_target) it->second.targets.push_back(record);
  }

  std::vector<std::string> failures;
  std::vector<std::string> threaded;
  std::size_t sources = 0;
  for (const std::string& name : order) {
    const Member& member = members[name];
    if (member.source != nullptr) ++sources;
    if (member.targets.empty()) continue;
    const std::string who = "member " + MemberText(name) + ": ";
    if (member.source == nullptr) {
      failures.push_back(who + "target " + RecordText(*member.targets.front()) +
                         " has no source record");
      continue;
    }
    const std::optional<nlohmann::json> expected = member.source->Find(key_);
    if (!expected) {
      failures.push_back(who + "source " + RecordText(*member.source) + " has no field `" + key_ +
                         "`");
      continue;
    }
    bool member_ok = true;
    for (const recorder::Record* target : member.targets) {
      const std::optional<nlohmann::json> actual = target->Find(key_);
      if (actual.has_value() && *actual == *expected) continue;
      member_ok = false;
      failures.push_back(who + "target " + RecordText(*target) + " has " +
                         (actual ? "`" + key_ + "` " + ValueText(*actual)
                                 : "no field `" + key_ + "`") +
                         ", but source " + member.source->where().ToString() + " has " +
                         ValueText(*expected));
    }
    if (member_ok) {
      threaded.push_back(MemberText(name) + " (" + member.source->where().ToString() + " -> " +
                         Locations(member.targets, 2) + ")");
    }
  }

  // With no source at all, every member would fail alike: say it once, with
  // the records closest to a source.
  if (sources == 0) {
    if (!listener->IsInterested()) return false;
    std::ostringstream os;
    os << "which has no source record (one that " << from_.Describe() << ")";
    ExplainNearMisses(from_, set.ordinary, 4, os);
    *listener << os.str();
    return false;
  }
  if (!failures.empty()) {
    *listener << "whose field `" << key_ << "` is not threaded:";
    for (std::size_t i = 0; i < failures.size() && i < kMaxShownFailures; ++i) {
      *listener << "\n    " << failures[i];
    }
    if (failures.size() > kMaxShownFailures) {
      *listener << "\n    ... and " << failures.size() - kMaxShownFailures << " more";
    }
    return false;
  }
  if (threaded.empty()) {
    if (!listener->IsInterested()) return false;
    // Every member with a target either failed or was threaded, so there
    // is no target at all.
    std::ostringstream os;
    os << "which has no target record (one that " << to_.Describe() << ")";
    ExplainNearMisses(to_, set.ordinary, 4, os);
    *listener << os.str();
    return false;
  }
  *listener << "whose field `" << key_ << "` is threaded for " << threaded.size()
            << (threaded.size() == 1 ? " member: " : " members: ");
  for (std::size_t i = 0; i < threaded.size() && i < kMaxShownMembers; ++i) {
    *listener << (i > 0 ? ", " : "") << threaded[i];
  }
  if (threaded.size() > kMaxShownMembers) {
    *listener << " and " << threaded.size() - kMaxShownMembers << " more";
  }
  return true;
}

}  // namespace witness::matchers::internal
