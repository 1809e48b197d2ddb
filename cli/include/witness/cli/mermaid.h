// A recording as a Mermaid sequence diagram (`witness show --format
// mermaid`): the program (one participant per writing process) calling the
// backend for each member, in recording order, inside a ```mermaid fence,
// ready to paste into a Markdown issue, pull request or CI step summary.
//
//   Timeline timeline = BuildTimeline(recording, std::nullopt);
//   std::cout << RenderTimelineMermaid(timeline, /*limit=*/100);
#ifndef WITNESS_CLI_MERMAID_H_
#define WITNESS_CLI_MERMAID_H_

#include <cstddef>
#include <string>

#include "witness/cli/timeline.h"

namespace witness::cli {

// At most `limit` records become messages (a note says how many more there
// were): a Markdown renderer refuses diagrams past a size. Every name and
// value is written with Mermaid's #NN; codes for the characters its syntax
// or Markdown gives a meaning (# ; : < > & " % ` and the like), after
// Printable, so a record cannot end the diagram or the fence.
std::string RenderTimelineMermaid(const Timeline& timeline, std::size_t limit);

}  // namespace witness::cli

#endif  // WITNESS_CLI_MERMAID_H_
