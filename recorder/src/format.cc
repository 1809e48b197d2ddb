#include "witness/recorder/format.h"

#include <algorithm>
#include <array>

namespace witness::recorder {
namespace {

constexpr std::size_t kMaxTypoEdits = 2;
// Longer keys are no known key's typo: the distance is not even computed.
constexpr std::size_t kMaxComparedKeyBytes = 32;

// Levenshtein distance, with one row of the table.
std::size_t EditDistance(std::string_view a, std::string_view b) noexcept {
  std::array<std::size_t, kMaxComparedKeyBytes + 1> row{};
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string_view NearestKnownField(std::string_view key) noexcept {
  if (key.size() > kMaxComparedKeyBytes) return {};
  std::string_view best;
  std::size_t best_distance = kMaxTypoEdits + 1;
  for (const KnownField& field : kKnownFields) {
    const std::size_t distance = EditDistance(key, field.key);
    if (distance < best_distance && distance < key.size()) {
      best = field.key;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace witness::recorder
