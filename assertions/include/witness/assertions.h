// witness::assertions: YAML scenarios and the engine that checks record files
// against them (docs/scenarios.md describes the language).
//
//   #include "witness/assertions.h"
//   auto scenario = witness::assertions::LoadScenario("cluster-of-three.yaml");
//   auto report = witness::assertions::Check(scenario, witness::recorder::ReadRecordFile(path));
//   std::cout << witness::assertions::RenderText(report);
#ifndef WITNESS_ASSERTIONS_H_
#define WITNESS_ASSERTIONS_H_

#include "witness/assertions/check.h"
#include "witness/assertions/render.h"
#include "witness/assertions/report.h"
#include "witness/assertions/scenario.h"
#include "witness/assertions/scenario_error.h"
#include "witness/assertions/snapshot.h"

#endif  // WITNESS_ASSERTIONS_H_
