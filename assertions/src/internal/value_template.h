// A value taken from a record, written back as a scenario template: the
// form `witness snapshot` and `--update` both write, so that a scenario
// holds on the next run (another temporary home, another member).
#ifndef WITNESS_ASSERTIONS_INTERNAL_VALUE_TEMPLATE_H_
#define WITNESS_ASSERTIONS_INTERNAL_VALUE_TEMPLATE_H_

#include <string>
#include <vector>

namespace witness::assertions::internal {

// A value some variable stands for, and how a template names it:
// {"/tmp/home7", "${env:FLEETBOX_HOME}"} or {"/srv/fleet/vms", "${vms}"}.
struct TemplatePrefix {
  std::string value;
  std::string reference;
};

// Longest value first, empty values left out: the order TemplateFor tries
// them in.
std::vector<TemplatePrefix> SortedPrefixes(std::vector<TemplatePrefix> prefixes);

// `text` with "${" escaped ("$${"), so that it reads back literally.
std::string EscapeLiteral(const std::string& text);

// `value` as template text (not yet quoted for YAML): a leading path that
// is one of `prefixes` (whole, or followed by '/') becomes its reference,
// and `member`, where it stands alone in the rest (not inside a longer
// word), becomes ${member}. `prefixes` as SortedPrefixes returns them;
// `member` may be null or empty (no per-member form).
std::string TemplateFor(const std::string& value, const std::vector<TemplatePrefix>& prefixes,
                        const std::string* member);

}  // namespace witness::assertions::internal

#endif  // WITNESS_ASSERTIONS_INTERNAL_VALUE_TEMPLATE_H_
