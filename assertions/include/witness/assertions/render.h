// Rendering a Report for people (text) and for tools (JSON, JUnit XML).
//
//   TextOptions text;
//   text.color = isatty(1) && std::getenv("NO_COLOR") == nullptr;
//   std::cout << RenderText(report, text);
//   WriteFile("report.xml", RenderJunit(report));
#ifndef WITNESS_ASSERTIONS_RENDER_H_
#define WITNESS_ASSERTIONS_RENDER_H_

#include <string>

#include "witness/assertions/report.h"

namespace witness::assertions {

struct TextOptions {
  // ANSI colours. The caller decides (a terminal, NO_COLOR unset): the
  // renderer never looks at the environment.
  bool color = false;
  // Also list the expectations and checks that passed.
  bool verbose = false;
};

// A human report: the verdict, each failure with its reason and closest
// records, the reader's diagnostics and, when the report has one, the
// annotated listing. Ends with a newline.
std::string RenderText(const Report& report, const TextOptions& options = {});

// The whole report as one JSON document (pretty-printed, ends with a newline).
std::string RenderJson(const Report& report);

// JUnit XML: one testsuite named after the scenario, one testcase per
// expectation instance and per check; failures carry their messages. Any
// byte sequence in records is escaped into well-formed XML 1.0.
std::string RenderJunit(const Report& report);

}  // namespace witness::assertions

#endif  // WITNESS_ASSERTIONS_RENDER_H_
