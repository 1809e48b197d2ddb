// Matchers on one field of a record: FieldMatcher<T> (the value, read as a
// T, satisfies a gmock matcher) and HasFieldMatcher (the key is present).
#ifndef WITNESS_MATCHERS_INTERNAL_FIELD_MATCHER_H_
#define WITNESS_MATCHERS_INTERNAL_FIELD_MATCHER_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <nlohmann/json.hpp>

#include "witness/matchers/internal/record_text.h"
#include "witness/recorder/format.h"
#include "witness/recorder/record.h"

namespace witness::matchers::internal {

// For a key the record format does not define: " (not a field of the record
// format; did you mean `error`?)", since a misspelt key never matches and
// so reads as "no such record". "" for a key of the format.
inline std::string UnknownFieldHint(const std::string& key) {
  if (recorder::FindKnownField(key) != nullptr) return "";
  const std::string_view nearest = recorder::NearestKnownField(key);
  if (nearest.empty()) return " (not a field of the record format)";
  return " (not a field of the record format; did you mean `" + std::string(nearest) + "`?)";
}

// How a JSON field value is read as a T. A value of another JSON type does
// not match (and the explanation says what it is instead). Specialised for
// every type Field<T> accepts.
template <typename T>
struct FieldValue;

template <>
struct FieldValue<std::string> {
  // Strings are what records hold, so their descriptions do not say so.
  static constexpr const char* kNoun = nullptr;
  static constexpr const char* kMismatchNoun = "a string";
  static std::optional<std::string> From(const nlohmann::json& value) {
    if (!value.is_string()) return std::nullopt;
    return value.get<std::string>();
  }
};

template <>
struct FieldValue<std::int64_t> {
  static constexpr const char* kNoun = "an integer";
  static constexpr const char* kMismatchNoun = kNoun;
  static std::optional<std::int64_t> From(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
      const auto u = value.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return std::nullopt;
      return static_cast<std::int64_t>(u);
    }
    if (!value.is_number_integer()) return std::nullopt;
    return value.get<std::int64_t>();
  }
};

template <>
struct FieldValue<double> {
  static constexpr const char* kNoun = "a number";
  static constexpr const char* kMismatchNoun = kNoun;
  static std::optional<double> From(const nlohmann::json& value) {
    if (!value.is_number()) return std::nullopt;
    return value.get<double>();
  }
};

template <>
struct FieldValue<bool> {
  static constexpr const char* kNoun = "a boolean";
  static constexpr const char* kMismatchNoun = kNoun;
  static std::optional<bool> From(const nlohmann::json& value) {
    if (!value.is_boolean()) return std::nullopt;
    return value.get<bool>();
  }
};

template <>
struct FieldValue<std::vector<std::string>> {
  static constexpr const char* kNoun = "a list of strings";
  static constexpr const char* kMismatchNoun = kNoun;
  static std::optional<std::vector<std::string>> From(const nlohmann::json& value) {
    if (!value.is_array()) return std::nullopt;
    std::vector<std::string> out;
    out.reserve(value.size());
    for (const nlohmann::json& element : value) {
      if (!element.is_string()) return std::nullopt;
      out.push_back(element.get<std::string>());
    }
    return out;
  }
};

template <>
struct FieldValue<nlohmann::json> {
  // Any JSON value is a json: there is no type to describe or to miss.
  static constexpr const char* kNoun = nullptr;
  static constexpr const char* kMismatchNoun = nullptr;
  static std::optional<nlohmann::json> From(const nlohmann::json& value) { return value; }
};

// The type Field("k", m) reads the field as when the caller does not say:
// the literal's type for literals, a string for matchers (records hold
// strings, and gmock's string matchers are the common case).
struct DeducedFieldType {};

template <typename M>
struct DefaultFieldType {
  using D = std::decay_t<M>;
  using type = std::conditional_t<
      std::is_same_v<D, bool>, bool,
      std::conditional_t<
          std::is_integral_v<D>, std::int64_t,
          std::conditional_t<
              std::is_floating_point_v<D>, double,
              std::conditional_t<
                  std::is_same_v<D, std::vector<std::string>>, std::vector<std::string>,
                  std::conditional_t<std::is_same_v<D, nlohmann::json>, nlohmann::json,
                                     std::string>>>>>;
};

template <typename T, typename M>
using FieldTypeFor =
    std::conditional_t<std::is_same_v<T, DeducedFieldType>, typename DefaultFieldType<M>::type, T>;

// Writes a gmock matcher's description, or its negation, to a string.
template <typename T>
std::string Describe(const testing::Matcher<T>& matcher, bool negation = false) {
  std::ostringstream os;
  if (negation) {
    matcher.DescribeNegationTo(&os);
  } else {
    matcher.DescribeTo(&os);
  }
  return os.str();
}

template <typename>
inline constexpr bool kDependentFalse = false;

// What a record matcher is handed: a record, or a pointer to one (the
// elements of Recording::CallRecords()). Anything else is a misuse, said in
// Witness's terms here rather than as gmock's page of template errors.
template <typename R>
const recorder::Record* AsRecord(const R& r) {
  if constexpr (std::is_same_v<R, recorder::Record>) {
    return &r;
  } else if constexpr (std::is_convertible_v<const R&, const recorder::Record*>) {
    return r;
  } else {
    static_assert(kDependentFalse<R>,
                  "a record matcher (Op, Name, Field, HasField, RecordWith, ...) matches one "
                  "record; to match a whole recording, wrap it: HasRecord(...), "
                  "Contains(...), Each(...) or ElementsAre(...)");
    return nullptr;
  }
}

// The field `key`, read as a T, satisfies `inner`. An absent key, or a value
// that is not a T, does not match.
template <typename T>
class FieldMatcher {
 public:
  using is_gtest_matcher = void;

  FieldMatcher(std::string key, testing::Matcher<const T&> inner)
      : key_(std::move(key)), inner_(std::move(inner)) {}

  template <typename R>
  bool MatchAndExplain(const R& r, testing::MatchResultListener* listener) const {
    const recorder::Record* record = AsRecord(r);
    if (record == nullptr) {
      *listener << "which is null";
      return false;
    }
    const std::optional<nlohmann::json> value = record->Find(key_);
    if (!value) {
      *listener << "which has no field `" << key_ << "`" << UnknownFieldHint(key_);
      return false;
    }
    std::optional<T> typed = FieldValue<T>::From(*value);
    if (!typed) {
      *listener << "whose field `" << key_ << "` is " << ValueText(*value) << ", which is not "
                << FieldValue<T>::kMismatchNoun;
      return false;
    }
    testing::StringMatchResultListener inner_listener;
    const bool matched = inner_.MatchAndExplain(*typed, &inner_listener);
    *listener << "whose field `" << key_ << "` is " << ValueText(*value);
    if (!inner_listener.str().empty()) *listener << ", " << inner_listener.str();
    return matched;
  }

  // "has field `mac` that starts with "52:54""
  void DescribeTo(std::ostream* os) const { *os << "has field `" << key_ << "` that " << DescribeValue(); }

  // "has no field `mac`, or has field `mac` that doesn't start with "52:54""
  void DescribeNegationTo(std::ostream* os) const {
    *os << "has no field `" << key_ << "`, or has field `" << key_ << "` that ";
    if (FieldValue<T>::kMismatchNoun != nullptr) {
      *os << "is not " << FieldValue<T>::kMismatchNoun << " or ";
    }
    *os << Describe(inner_, /*negation=*/true);
  }

  const std::string& key() const noexcept { return key_; }

  // What the value must be, in words: "starts with "52:54"", "is an integer
  // and is >= 2". Near misses print it next to the actual value.
  std::string DescribeValue() const {
    std::string text;
    if (FieldValue<T>::kNoun != nullptr) {
      text += "is ";
      text += FieldValue<T>::kNoun;
      text += " and ";
    }
    return text + Describe(inner_);
  }

 private:
  std::string key_;
  testing::Matcher<const T&> inner_;
};

// The key is present, whatever its value (null included).
class HasFieldMatcher {
 public:
  using is_gtest_matcher = void;

  explicit HasFieldMatcher(std::string key) : key_(std::move(key)) {}

  template <typename R>
  bool MatchAndExplain(const R& r, testing::MatchResultListener* listener) const {
    const recorder::Record* record = AsRecord(r);
    if (record == nullptr) {
      *listener << "which is null";
      return false;
    }
    const std::optional<nlohmann::json> value = record->Find(key_);
    if (!value) {
      *listener << "which has no field `" << key_ << "`" << UnknownFieldHint(key_);
      return false;
    }
    *listener << "whose field `" << key_ << "` is " << ValueText(*value);
    return true;
  }

  void DescribeTo(std::ostream* os) const { *os << "has field `" << key_ << "`"; }
  void DescribeNegationTo(std::ostream* os) const { *os << "has no field `" << key_ << "`"; }

  const std::string& key() const noexcept { return key_; }

 private:
  std::string key_;
};

}  // namespace witness::matchers::internal

#endif  // WITNESS_MATCHERS_INTERNAL_FIELD_MATCHER_H_
