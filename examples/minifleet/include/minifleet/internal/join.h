// Joining names and messages into one line of an error or a log.
//
//   Join({"db-1", "db-3"}, ", ")  // "db-1, db-3"
#ifndef MINIFLEET_INTERNAL_JOIN_H_
#define MINIFLEET_INTERNAL_JOIN_H_

#include <string>
#include <string_view>
#include <vector>

namespace minifleet::internal {

// The items in order, `separator` between each two.
inline std::string Join(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

}  // namespace minifleet::internal

#endif  // MINIFLEET_INTERNAL_JOIN_H_
