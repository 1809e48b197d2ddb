// Record lines to records. The rule throughout: a bad line (or a bad part
// of one) costs one diagnostic and nothing else; every good record around it
// is kept.
#include "witness/recorder/internal/line_parser.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include "witness/recorder/format.h"
#include "witness/recorder/internal/json_text.h"
#include "witness/recorder/internal/record_scan.h"

namespace witness::recorder::internal {

namespace {

constexpr std::size_t kExcerptBytes = 60;

// Bad record starts on one line reported one by one; the rest are counted
// in one summary, so a hostile line costs a bounded number of diagnostics.
constexpr std::size_t kMaxDiagnosticsPerLine = 16;

bool IsBlank(std::string_view line) {
  for (char c : line) {
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// The 1-based column of the `occurrence`-th (1-based) appearance of "key"
// as an object key in `text`; 1 when it cannot be found (an escaped key).
std::size_t KeyColumn(std::string_view text, std::string_view key, int occurrence) {
  const std::string quoted = "\"" + std::string(key) + "\"";
  std::size_t pos = 0;
  int seen = 0;
  while ((pos = text.find(quoted, pos)) != std::string_view::npos) {
    std::size_t after = pos + quoted.size();
    while (after < text.size() && (text[after] == ' ' || text[after] == '\t')) ++after;
    if (after < text.size() && text[after] == ':' && ++seen == occurrence) return pos + 1;
    pos += quoted.size();
  }
  return 1;
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line
// 1, column 5: syntax error ..."; keep the part after the position.
std::string ParseErrorDetail(const char* what) {
  std::string_view text(what);
  const std::size_t bracket = text.find("] ");
  if (bracket != std::string_view::npos) text.remove_prefix(bracket + 2);
  const std::size_t colon = text.find(": ");
  if (text.substr(0, 11) == "parse error" && colon != std::string_view::npos) {
    text.remove_prefix(colon + 2);
  }
  return std::string(text);
}

// Why `value` is not acceptable for a field of `type`, or "" when it is.
std::string FieldProblem(const nlohmann::json& value, FieldType type) {
  switch (type) {
    case FieldType::kString:
      return value.is_string() ? "" : "must be a string, not " + std::string(value.type_name());
    case FieldType::kStringArray:
      if (!value.is_array())
        return "must be an array of strings, not " + std::string(value.type_name());
      for (const nlohmann::json& element : value) {
        if (!element.is_string()) {
          return "must be an array of strings, but holds a " + std::string(element.type_name());
        }
      }
      return "";
    case FieldType::kInteger:
      if (value.is_number_unsigned()) {
        if (value.get<std::uint64_t>() >
            static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
          return "is out of range for a 64-bit integer";
        }
        return "";
      }
      if (value.is_number_integer()) return "";
      if (value.is_number_float()) {
        return "must be an integer, not " + value.dump() +
               " (out of range for a 64-bit integer, or fractional)";
      }
      return "must be an integer, not " + std::string(value.type_name());
  }
  return "";
}

}  // namespace

struct LineParser::Attempt {
  bool ok = false;
  nlohmann::json value;
  DiagnosticKind kind = DiagnosticKind::kBadJson;
  std::size_t column = 1;  // within the segment
  std::string message;
  std::vector<std::pair<std::string, int>> duplicate_keys;  // key, occurrence
};

LineParser::LineParser(std::shared_ptr<RecordStore> store, const ReadOptions& options,
                       Recording& out, bool use_scanner)
    : store_(std::move(store)),
      file_(store_->file()),
      options_(options),
      out_(out),
      use_scanner_(use_scanner) {}

std::uint32_t LineParser::InternString(const JsonStringText& text) {
  if (!text.present) return 0;
  if (!text.escaped) return store_->Intern(text.body);
  return store_->Intern(DecodeJsonString(text.body));
}

bool LineParser::Certified(std::string_view line, std::size_t number, std::uint64_t offset,
                           bool stable) {
  ScannedLine scanned;
  if (!ScanRecordLine(line, scanned)) return false;
  const std::string_view text = stable ? line : store_->Keep(line);
  out_.records.emplace_back(store_, text, offset, static_cast<std::uint32_t>(number),
                            InternString(scanned.op), InternString(scanned.name));
  if (stable) {
    ++stable_records_;
    stable_bytes_ += line.size();
  }
  return true;
}

// The reader's hot loop (every byte of every record passes here): one
// function, so the compiler keeps the cursor in registers across the cases.
LineParser::Attempt LineParser::TryParse(std::string_view segment) const {
  Attempt attempt;
  // Checked before the JSON parser sees the bytes: NUL and invalid UTF-8
  // get their own clear message, and nesting is bounded up front so no
  // deep structure is ever built (copying or dumping one recurses).
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < segment.size();) {
    const auto c = static_cast<unsigned char>(segment[i]);
    if (c == 0) {
      attempt.kind = DiagnosticKind::kNulByte;
      attempt.column = i + 1;
      attempt.message = "NUL byte in a record line (a hole left by a crash, or binary data)";
      return attempt;
    }
    if (c >= 0x80) {
      std::size_t consumed = 0;
      const std::size_t length = Utf8SequenceLength(segment, i, consumed);
      if (length == 0) {
        static constexpr char kHex[] = "0123456789ABCDEF";
        attempt.column = i + 1;
        attempt.message = std::string("invalid UTF-8: byte 0x") + kHex[c >> 4] + kHex[c & 0xF] +
                          " does not start a well-formed sequence";
        return attempt;
      }
      i += length;
      continue;
    }
    if (in_string) {
      if (c == '\\') {
        i += 2;
        continue;
      }
      if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) {
        attempt.kind = DiagnosticKind::kTooDeep;
        attempt.column = i + 1;
        attempt.message = "nested deeper than " + std::to_string(kMaxJsonDepth) +
                          " levels (records are flat objects)";
        return attempt;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
    ++i;
  }

  // Duplicate keys are found with the parser callback: one set of keys per
  // open object. The last value wins, as in Go's encoding/json.
  std::vector<std::vector<std::string>> open_objects;
  std::vector<std::pair<std::string, int>> duplicates;
  const nlohmann::json::parser_callback_t callback =
      [&](int /*depth*/, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
        switch (event) {
          case nlohmann::json::parse_event_t::object_start:
            open_objects.emplace_back();
            break;
          case nlohmann::json::parse_event_t::object_end:
            if (!open_objects.empty()) open_objects.pop_back();
            break;
          case nlohmann::json::parse_event_t::key: {
            if (open_objects.empty()) break;
            std::vector<std::string>& seen = open_objects.back();
            const std::string& key = parsed.get_ref<const std::string&>();
            int count = 1;
            for (const std::string& earlier : seen) count += earlier == key ? 1 : 0;
            if (count > 1) duplicates.emplace_back(key, count);
            seen.push_back(key);
            break;
          }
          default:
            break;
        }
        return true;
      };
  try {
    attempt.value = nlohmann::json::parse(segment.begin(), segment.end(), callback);
  } catch (const nlohmann::json::parse_error& error) {
    attempt.kind = DiagnosticKind::kBadJson;
    attempt.column = error.byte == 0 ? 1 : std::min<std::size_t>(error.byte, segment.size() + 1);
    attempt.message = "not valid JSON: " + ParseErrorDetail(error.what());
    return attempt;
  } catch (const nlohmann::json::exception& error) {
    attempt.kind = DiagnosticKind::kBadJson;
    attempt.column = 1;
    attempt.message = "not valid JSON: " + ParseErrorDetail(error.what());
    return attempt;
  }
  if (!attempt.value.is_object()) {
    attempt.kind = DiagnosticKind::kNotAnObject;
    attempt.column = 1;
    for (std::size_t i = 0; i < segment.size(); ++i) {
      if (segment[i] != ' ' && segment[i] != '\t') {
        attempt.column = i + 1;
        break;
      }
    }
    attempt.message =
        std::string("a record must be a JSON object, not ") + attempt.value.type_name();
    attempt.value = nullptr;
    return attempt;
  }
  attempt.ok = true;
  attempt.duplicate_keys = std::move(duplicates);
  return attempt;
}

void LineParser::Report(DiagnosticKind kind, std::string_view line, std::size_t column,
                        std::size_t number, std::uint64_t offset, std::string message) {
  Diagnostic diagnostic;
  diagnostic.kind = kind;
  diagnostic.where.file = file_;
  diagnostic.where.line = number;
  diagnostic.where.offset = offset;
  diagnostic.column = column;
  diagnostic.message = std::move(message);
  diagnostic.excerpt = Excerpt(line, column);
  out_.diagnostics.push_back(std::move(diagnostic));
}

void LineParser::Accept(Attempt& attempt, std::string_view line, std::size_t segment_start,
                        std::size_t number, std::uint64_t offset) {
  const std::string_view segment = line.substr(segment_start);
  const std::uint64_t record_offset = offset + segment_start;
  for (const auto& [key, occurrence] : attempt.duplicate_keys) {
    const std::size_t column = segment_start + KeyColumn(segment, key, occurrence);
    Report(DiagnosticKind::kDuplicateKey, line, column, number, record_offset,
           "key '" + key + "' appears more than once in one object; the last value is kept");
  }
  const nlohmann::json& fields = attempt.value;
  const auto op = fields.find(keys::kOp);
  if (op == fields.end()) {
    Report(DiagnosticKind::kBadField, line, segment_start + 1, number, record_offset,
           "record has no 'op' key");
  } else if (!op->is_string()) {
    Report(DiagnosticKind::kBadField, line, segment_start + KeyColumn(segment, keys::kOp, 1),
           number, record_offset,
           "field 'op' must be a string, not " + std::string(op->type_name()));
  }
  for (const KnownField& known : kKnownFields) {
    if (known.key == keys::kOp) continue;  // checked above, with its own message
    const auto value = fields.find(known.key);
    if (value == fields.end()) continue;
    const std::string problem = FieldProblem(*value, known.type);
    if (problem.empty()) continue;
    Report(DiagnosticKind::kBadField, line, segment_start + KeyColumn(segment, known.key, 1),
           number, record_offset, "field '" + std::string(known.key) + "' " + problem);
  }
  // The record's text is the object as parsed (the last of duplicate keys
  // kept), written back: fields are then read from it as from any line.
  const std::string_view text = store_->Keep(
      fields.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  const auto string_id = [&](std::string_view key) -> std::uint32_t {
    const auto value = fields.find(key);
    if (value == fields.end() || !value->is_string()) return 0;
    return store_->Intern(value->get_ref<const std::string&>());
  };
  out_.records.emplace_back(store_, text, record_offset, static_cast<std::uint32_t>(number),
                            string_id(keys::kOp), string_id(keys::kName));
}

void LineParser::Line(std::string_view line, std::size_t number, std::uint64_t offset,
                      bool terminated, bool stable) {
  // A live file's last line may be a record whose bytes are still arriving.
  if (!terminated && options_.live) return;
  if (use_scanner_ && Certified(line, number, offset, stable)) return;
  if (IsBlank(line)) return;
  Attempt whole = TryParse(line);
  if (whole.ok) {
    Accept(whole, line, 0, number, offset);
    return;
  }
  // Resynchronise: a writer killed mid-record leaves its bytes without a
  // newline, and the next writer's record follows on the same line. Every
  // record starts with kRecordPrefix, which cannot occur inside a JSON
  // string (its quote would be escaped), so it marks a record boundary.
  // Each segment between two boundaries is parsed once, so a line costs
  // time linear in its length however many boundaries it holds.
  std::vector<std::size_t> starts{0};
  for (std::size_t next = line.find(kRecordPrefix, 1); next != std::string_view::npos;
       next = line.find(kRecordPrefix, next + 1)) {
    starts.push_back(next);
  }
  if (starts.size() == 1) {
    ReportBadSegment(whole, line, 0, line.size(), number, offset, terminated);
    return;
  }
  // Each bad segment is a torn record of its own (two writers killed
  // mid-write leave two), reported one by one up to a bound; a hostile line
  // that packs thousands of record starts gets one summary for the rest.
  std::size_t reported = 0;
  std::size_t unreported = 0;
  std::size_t unreported_begin = 0;
  std::size_t unreported_end = 0;
  for (std::size_t i = 0; i < starts.size(); ++i) {
    const std::size_t begin = starts[i];
    const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : line.size();
    Attempt attempt = TryParse(line.substr(begin, end - begin));
    if (attempt.ok) {
      // Several complete records on one line (hand-written files) all count.
      Accept(attempt, line, begin, number, offset);
    } else if (reported < kMaxDiagnosticsPerLine) {
      ReportBadSegment(attempt, line, begin, end, number, offset, terminated);
      ++reported;
    } else {
      if (unreported++ == 0) unreported_begin = begin;
      unreported_end = end;
    }
  }
  if (unreported > 0) {
    Report(DiagnosticKind::kTornRecord, line, unreported_begin + 1, number,
           offset + unreported_begin,
           std::to_string(unreported) + " more bad record starts between columns " +
               std::to_string(unreported_begin + 1) + " and " + std::to_string(unreported_end) +
               " (not reported one by one)");
  }
}

void LineParser::ReportBadSegment(Attempt& attempt, std::string_view line, std::size_t begin,
                                  std::size_t end, std::size_t number, std::uint64_t offset,
                                  bool terminated) {
  const bool reaches_end = end == line.size();
  DiagnosticKind kind = attempt.kind;
  std::string message = std::move(attempt.message);
  std::size_t column = begin + attempt.column;
  if (kind == DiagnosticKind::kBadJson && reaches_end && !terminated) {
    kind = DiagnosticKind::kIncompleteTail;
    message =
        "the last line has no newline and is not a complete record (its writer "
        "died mid-write, or the file is still being written: read it as live): " +
        message;
  } else if ((kind == DiagnosticKind::kBadJson || kind == DiagnosticKind::kNotAnObject) &&
             !reaches_end) {
    kind = DiagnosticKind::kTornRecord;
    column = begin + 1;
    message = "torn record: " + std::to_string(end - begin) +
              " bytes cut short (a writer died mid-write?); the record after it at column " +
              std::to_string(end + 1) + " is read on";
  }
  Report(kind, line, column, number, offset + begin, std::move(message));
}

void LineParser::TooLong(std::string_view head, std::size_t number, std::uint64_t offset,
                         std::uint64_t length, bool terminated) {
  if (!terminated && options_.live) return;
  Report(DiagnosticKind::kLineTooLong, head, 1, number, offset,
         "line of " + std::to_string(length) + " bytes is longer than the limit of " +
             std::to_string(options_.max_line_bytes) + " bytes; skipped unread");
}

// A record keeps its line's length in 32 bits: a larger limit is this one.
LineSplitter::LineSplitter(LineParser& parser, std::size_t max_line_bytes)
    : parser_(parser),
      max_line_bytes_(std::min<std::size_t>(max_line_bytes, std::numeric_limits<std::uint32_t>::max())) {}

void LineSplitter::CompleteLine(std::string_view line, bool terminated, bool stable) {
  if (line.size() > max_line_bytes_) {
    parser_.TooLong(line.substr(0, kExcerptBytes), line_number_, line_offset_, line.size(),
                    terminated);
  } else {
    parser_.Line(line, line_number_, line_offset_, terminated, stable);
  }
  line_offset_ += line.size() + (terminated ? 1 : 0);
  ++line_number_;
}

void LineSplitter::Feed(std::string_view bytes, bool stable) {
  while (!bytes.empty()) {
    const void* found = std::memchr(bytes.data(), '\n', bytes.size());
    const std::size_t end =
        found == nullptr ? bytes.size() : static_cast<const char*>(found) - bytes.data();
    const std::string_view piece = bytes.substr(0, end);
    if (found == nullptr) {
      // The line goes on in the next chunk: keep it, up to the limit.
      if (skipping_) {
        skipped_ += piece.size();
      } else if (pending_.size() + piece.size() > max_line_bytes_) {
        // Over the limit: from here on only count the line's bytes, keeping
        // its head for the diagnostic's excerpt.
        skipping_ = true;
        skipped_ = pending_.size() + piece.size();
        if (pending_.size() < kExcerptBytes) {
          pending_.append(piece.substr(0, kExcerptBytes - pending_.size()));
        }
        pending_.resize(std::min(pending_.size(), kExcerptBytes));
        pending_.shrink_to_fit();
      } else {
        pending_.append(piece);
      }
      return;
    }
    if (skipping_) {
      const std::uint64_t total = skipped_ + piece.size();
      parser_.TooLong(pending_, line_number_, line_offset_, total, true);
      skipping_ = false;
      skipped_ = 0;
      pending_.clear();
      line_offset_ += total + 1;
      ++line_number_;
    } else if (pending_.empty()) {
      CompleteLine(piece, true, stable);  // the common case: no copy
    } else {
      pending_.append(piece);
      const std::string line = std::move(pending_);
      pending_.clear();
      CompleteLine(line, true, false);
    }
    bytes.remove_prefix(end + 1);
  }
}

void LineSplitter::Finish() {
  if (skipping_) {
    parser_.TooLong(pending_, line_number_, line_offset_, skipped_, false);
    skipping_ = false;
    pending_.clear();
    return;
  }
  if (pending_.empty()) return;
  const std::string line = std::move(pending_);
  pending_.clear();
  CompleteLine(line, false, false);
}

std::string Excerpt(std::string_view line, std::size_t column) {
  const std::size_t index = column == 0 ? 0 : column - 1;
  std::size_t begin = index > 20 ? index - 20 : 0;
  // Do not start in the middle of a UTF-8 sequence.
  while (begin > 0 && begin < line.size() &&
         (static_cast<unsigned char>(line[begin]) & 0xC0) == 0x80) {
    --begin;
  }
  const std::size_t end = std::min(line.size(), begin + kExcerptBytes);
  std::string excerpt;
  if (begin > 0) excerpt += "...";
  static constexpr char kHex[] = "0123456789abcdef";
  for (std::size_t i = begin; i < end;) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c >= 0x20 && c < 0x7f) {
      excerpt += static_cast<char>(c);
      ++i;
      continue;
    }
    if (c >= 0x80) {
      std::size_t consumed = 0;
      const std::size_t length = Utf8SequenceLength(line, i, consumed);
      if (length != 0 && i + length <= end) {
        excerpt.append(line.data() + i, length);
        i += length;
        continue;
      }
    }
    excerpt += "\\x";
    excerpt += kHex[c >> 4];
    excerpt += kHex[c & 0xF];
    ++i;
  }
  if (end < line.size()) excerpt += "...";
  return excerpt;
}

Recording ParseRecordsWithFullParser(std::string_view content, const std::string& name,
                                     const ReadOptions& options) {
  Recording recording;
  recording.files.push_back(name);
  auto store = std::make_shared<RecordStore>(name);
  LineParser parser(store, options, recording, /*use_scanner=*/false);
  LineSplitter splitter(parser, options.max_line_bytes);
  splitter.Feed(content, /*stable=*/false);
  splitter.Finish();
  return recording;
}

}  // namespace witness::recorder::internal
