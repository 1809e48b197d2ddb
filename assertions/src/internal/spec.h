// The compiled form of a scenario file: what the loader produces and the
// engine consumes. Variables and ${env:...} are already expanded; only
// ${member} and captures remain as holes, filled in at check time.
#ifndef WITNESS_ASSERTIONS_INTERNAL_SPEC_H_
#define WITNESS_ASSERTIONS_INTERNAL_SPEC_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace witness::assertions::internal {

// 1-based position in the scenario file.
struct Position {
  std::size_t line = 0;
  std::size_t column = 0;
};

// A string from the scenario with holes for ${member} and captures.
struct Template {
  struct Part {
    enum class Kind {
      kSyntax,   // text written in the file: pattern syntax in regex and glob
      kValue,    // an expanded variable: always matched literally
      kMember,   // ${member}
      kCapture,  // ${capture-name}
    };
    Kind kind = Kind::kSyntax;
    std::string text;  // the text, or the capture's name
  };
  std::vector<Part> parts;

  bool HasMember() const;
  bool HasCapture() const;
  // Exactly one capture and nothing else: compares as the captured JSON value.
  bool IsWholeCapture() const;
  // The text when there are no holes.
  std::string Flat() const;
  // The capture names referenced, in order.
  std::vector<std::string> Captures() const;
};

struct MatcherDefinition;  // internal/matcher_definition.h
const MatcherDefinition& EqualMatcher();

// A plain YAML scalar may be compared with a number, bool or null; a quoted
// one only with a string.
struct Literal {
  Template text;
  bool quoted = false;
  bool is_null = false;
};

// A matcher as read: its definition and the argument, in the slots the
// definition uses.
struct MatcherSpec {
  const MatcherDefinition* definition = &EqualMatcher();
  Position position;
  Literal literal;                 // equal; contains with a scalar
  Template text;                   // regex, glob, prefix, suffix
  std::vector<MatcherSpec> children;
  std::uint64_t number = 0;        // length
  std::uint32_t cidr_address = 0;  // ip_in, host order
  int cidr_bits = 0;
  std::string cidr_text;
  std::string capture_name;        // capture
  bool scalar_argument = false;    // contains given a scalar: also a substring test
};

struct FieldSpec {
  std::string name;
  Position position;
  MatcherSpec matcher;
};

struct CountSpec {
  std::uint64_t min = 1;
  std::optional<std::uint64_t> max = 1;
  bool max_given = false;  // written as {max: N}
  // True when the scenario says "never" (count 0) or "at most" ({max: N}):
  // unverifiable on a recording that shows no live writer.
  bool Negative() const { return max_given || (max && *max == 0); }
};

// `within: {after: ID, min: 1s, max: 5s}`: only records that come at least
// min and at most max after the first record of ID count (per member inside
// per_member). Time is ts_ns.
struct WithinSpec {
  std::string after;
  std::optional<std::int64_t> min_ns;
  std::optional<std::int64_t> max_ns;
  Position position;
};

struct ExpectationSpec {
  std::string id;  // "" when none
  Position position;
  bool per_member = false;
  std::vector<FieldSpec> fields;
  CountSpec count;
  std::vector<std::string> captures;  // names this expectation binds
  // Qualifiers that narrow what the pattern matched, applied in this order
  // before the count: `nth: N` checks only the N-th record of the
  // expectation's op (and name); `within` keeps what comes in its time
  // window; `next` keeps the record right after another expectation's first.
  std::uint64_t nth = 0;  // 1-based; 0 when none
  std::optional<WithinSpec> within;
  std::string next;  // `next: ID`; "" when none
  Position next_position;
};

// An order chain is a list of steps; a step is one id, or a group of ids
// whose records may come in any order among themselves.
struct OrderChainSpec {
  std::vector<std::vector<std::string>> steps;
  std::optional<std::int64_t> max_gap_ns;  // each step follows the previous within it
  Position position;
};

// `none_between: [{op: reserve, after: create, before: stop}]`: no record
// matching the fields comes after the first record of `after` and before
// the first record of `before` (either may be left out: from the start, to
// the end). Inside per_member, checked member by member.
struct NoneBetweenSpec {
  std::vector<FieldSpec> fields;
  std::string after;
  std::string before;
  Position position;
};

struct UniqueSpec {
  std::string id;
  std::string field;
  bool allow_missing = false;  // a record of the id without the field is not a failure
  Position position;
};

struct LifecycleSpec {
  std::vector<std::string> ops;
  Position position;
};

struct ScenarioSpec {
  std::string name;
  std::string description;
  std::string file;
  std::string record_variable;
  bool strict = false;
  bool clean_exit = false;
  std::optional<int> writers;
  // Where each was written, for the checks they ask for.
  Position strict_position;
  Position clean_exit_position;
  Position writers_position;

  bool members_given = false;
  std::vector<std::string> members;  // explicit list
  std::string members_from;          // {from: OP}; "" for a list
  Position members_position;

  std::vector<ExpectationSpec> per_member;
  std::vector<OrderChainSpec> member_order;
  std::optional<LifecycleSpec> member_lifecycle;
  std::vector<NoneBetweenSpec> member_none_between;

  std::vector<ExpectationSpec> global;
  std::vector<OrderChainSpec> global_order;
  std::optional<LifecycleSpec> global_lifecycle;
  std::vector<NoneBetweenSpec> global_none_between;
  std::vector<UniqueSpec> unique;

  bool negative = false;

  // `faults:`, each rule expanded and checked, as written.
  std::vector<std::string> faults;

  // "file:line:column".
  std::string Where(const Position& position) const;
};

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_SPEC_H_
