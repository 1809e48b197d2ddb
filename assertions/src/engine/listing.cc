// The annotated listing: every line of the recording with the expectations that claimed it.
#include <algorithm>

#include "internal/engine.h"
#include "witness/recorder/format.h"

namespace witness::assertions::internal {

void Engine::BuildListing() {
  std::map<std::string, std::size_t> file_rank;
  for (std::size_t i = 0; i < recording_.files.size(); ++i) file_rank.emplace(recording_.files[i], i);
  // Which instances claimed each record: asked for only here.
  std::vector<std::vector<std::uint32_t>> claims(recording_.records.size());
  for (std::size_t i = 0; i < instances_.size(); ++i) {
    for (const std::size_t index : instances_[i].matched) {
      claims[index].push_back(static_cast<std::uint32_t>(i));
    }
  }
  std::vector<ListingLine>& listing = report_.listing;
  listing.reserve(recording_.records.size() + recording_.diagnostics.size());
  for (std::size_t i = 0; i < recording_.records.size(); ++i) {
    const Record& record = recording_.records[i];
    ListingLine line;
    line.where = record.where();
    line.text = recorder::RecordExcerpt(record, 4096);
    if (recorder::IsSessionOp(record.Op()) && claims[i].empty()) {
      line.status = LineStatus::kSession;
    } else if (claims[i].empty()) {
      line.status = LineStatus::kUnclaimed;
      if (spec_.strict) line.note = "matched no expectation";
    } else {
      line.status = LineStatus::kClaimed;
      for (const std::uint32_t instance : claims[i]) {
        const ExpectationResult& result = report_.expectations[instances_[instance].result];
        Claim claim;
        claim.id = result.id.empty() ? result.label : result.id;
        claim.member = result.member;
        line.claims.push_back(std::move(claim));
        if (!result.passed && line.note.empty()) {
          line.note = "claimed by failing expectation " + Quoted(result.label);
        }
      }
    }
    listing.push_back(std::move(line));
  }
  for (const recorder::Diagnostic& diagnostic : recording_.diagnostics) {
    ListingLine line;
    line.where = diagnostic.where;
    line.status = LineStatus::kBad;
    line.text = diagnostic.excerpt;
    line.note = std::string(recorder::ToString(diagnostic.kind)) + ": " + diagnostic.message;
    listing.push_back(std::move(line));
  }
  const auto rank = [&file_rank](const std::string& file) {
    const auto it = file_rank.find(file);
    return it == file_rank.end() ? file_rank.size() : it->second;
  };
  std::stable_sort(listing.begin(), listing.end(),
                   [&rank](const ListingLine& a, const ListingLine& b) {
                     const std::size_t ra = rank(a.where.file);
                     const std::size_t rb = rank(b.where.file);
                     if (ra != rb) return ra < rb;
                     if (a.where.line != b.where.line) return a.where.line < b.where.line;
                     return a.where.offset < b.where.offset;
                   });
}

}  // namespace witness::assertions::internal
