#include "witness/assertions/volatile_aliases.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "witness/recorder/format.h"

namespace witness::assertions {
namespace {

using json = nlohmann::json;

// Characters that end a path inside a longer text (an error message, a
// command line): whitespace, quotes, punctuation that does not occur in the
// paths a backend is given.
bool EndsPath(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte == 0x7f || std::isspace(byte) != 0) return true;
  return std::string_view("'\"`,;:()[]{}<>|=").find(c) != std::string_view::npos;
}

// `text` without trailing slashes; "" for a path that is not absolute or is
// the root itself (everything would be "temporary").
std::string NormalizeRoot(std::string text) {
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  if (text.size() < 2 || text.front() != '/') return "";
  return text;
}

// Where the temporary directory of `path` (an absolute path, no character
// that ends a path) ends; 0 when it has none.
std::size_t TempDirectoryEnd(std::string_view path, const std::vector<std::string>& roots) {
  std::size_t end = 0;
  // The shortest root that `path` lies under: its first segment below.
  std::size_t shortest = std::string_view::npos;
  for (const std::string& root : roots) {
    if (root.empty() || path.size() <= root.size() + 1) continue;
    if (path.compare(0, root.size(), root) != 0 || path[root.size()] != '/') continue;
    if (root.size() < shortest) shortest = root.size();
  }
  if (shortest != std::string_view::npos) {
    const std::size_t segment = shortest + 1;
    const std::size_t slash = path.find('/', segment);
    const std::size_t segment_end = slash == std::string_view::npos ? path.size() : slash;
    if (segment_end > segment) end = segment_end;
  }
  // The deepest mkdtemp-like segment anywhere.
  std::size_t begin = 1;
  while (begin < path.size()) {
    std::size_t slash = path.find('/', begin);
    if (slash == std::string_view::npos) slash = path.size();
    if (IsMkdtempLikeName(path.substr(begin, slash - begin))) end = std::max(end, slash);
    begin = slash + 1;
  }
  return end;
}

}  // namespace

std::vector<std::string> DefaultTempRoots() {
  std::vector<std::string> roots = {"/tmp", "/var/tmp", "/dev/shm"};
  const char* tmpdir = std::getenv("TMPDIR");
  if (tmpdir != nullptr) {
    std::string root = NormalizeRoot(tmpdir);
    if (!root.empty() && std::find(roots.begin(), roots.end(), root) == roots.end()) {
      roots.push_back(std::move(root));
    }
  }
  return roots;
}

bool IsMkdtempLikeName(std::string_view segment) noexcept {
  const std::size_t separator = segment.find_last_of(".-_");
  if (separator == std::string_view::npos || separator == 0) return false;
  const std::string_view tail = segment.substr(separator + 1);
  if (tail.size() < 6) return false;
  bool upper = false;
  bool lower = false;
  bool digit = false;
  for (const char c : tail) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isupper(byte) != 0) {
      upper = true;
    } else if (std::islower(byte) != 0) {
      lower = true;
    } else if (std::isdigit(byte) != 0) {
      digit = true;
    } else {
      return false;
    }
  }
  // mkdtemp draws from all three; a word or a number is a name someone chose.
  return int{upper} + int{lower} + int{digit} >= 2;
}

std::string ReplaceTempDirectories(std::string_view text,
                                   const std::vector<std::string>& temp_roots) {
  std::vector<std::string> roots;
  for (const std::string& root : temp_roots) roots.push_back(NormalizeRoot(root));
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const bool path_start = text[i] == '/' && (i == 0 || EndsPath(text[i - 1]));
    if (!path_start) {
      out += text[i++];
      continue;
    }
    std::size_t path_end = i;
    while (path_end < text.size() && !EndsPath(text[path_end])) ++path_end;
    const std::string_view path = text.substr(i, path_end - i);
    const std::size_t temp_end = TempDirectoryEnd(path, roots);
    if (temp_end > 0) {
      out += VolatileAliases::kTempAlias;
      out += path.substr(temp_end);
    } else {
      out += path;
    }
    i = path_end;
  }
  return out;
}

VolatileAliases::VolatileAliases(const recorder::Recording& recording,
                                 std::vector<std::string> temp_roots)
    : temp_roots_(std::move(temp_roots)) {
  // How many aliases of a kind ("mac", "ip") each member (or none) has.
  std::map<std::pair<std::string, std::string>, int> per_member;
  auto learn = [&](const std::string& kind, const recorder::Record& record, std::string_view key) {
    const std::optional<std::string> value = record.OptionalString(key);
    if (!value || value->empty() || addresses_.count(*value) != 0) return;
    const std::string member = record.Name();
    const int n = ++per_member[{kind, member}];
    std::string alias = "<" + kind;
    if (member.empty()) {
      alias += "-" + std::to_string(n);
    } else {
      alias += " of " + member + (n > 1 ? " #" + std::to_string(n) : "");
    }
    addresses_.emplace(*value, alias + ">");
  };
  for (const recorder::Record& record : recording.records) {
    if (const std::optional<std::int64_t> pid = record.Pid(); pid && pids_.count(*pid) == 0) {
      const std::size_t number = pids_.size() + 1;
      pids_.emplace(*pid, "<pid-" + std::to_string(number) + ">");
    }
    learn("mac", record, recorder::keys::kMac);
    learn("ip", record, recorder::keys::kAssignedIp);
    learn("ip", record, recorder::keys::kIpHint);
  }
}

std::string VolatileAliases::PidAlias(std::int64_t pid) const {
  const auto found = pids_.find(pid);
  return found == pids_.end() ? "" : found->second;
}

json VolatileAliases::Apply(const json& value) const {
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    const auto address = addresses_.find(text);
    if (address != addresses_.end()) return address->second;
    return ReplaceTempDirectories(text, temp_roots_);
  }
  if (value.is_array() || value.is_object()) {
    json out = value;
    for (auto& item : out) item = Apply(item);
    return out;
  }
  return value;
}

json VolatileAliases::Apply(const recorder::Record& record) const {
  json fields = record.fields();
  for (auto& [key, value] : fields.items()) {
    if (key == recorder::keys::kPid && value.is_number_integer()) {
      const std::string alias = PidAlias(value.get<std::int64_t>());
      if (!alias.empty()) {
        value = alias;
        continue;
      }
    }
    value = Apply(value);
  }
  return fields;
}

}  // namespace witness::assertions
