// Capture threads (Report::threads): where each captured value was bound and where it was used.

#include "internal/engine.h"

namespace witness::assertions::internal {

// Report::threads: each capture this instance used joins the thread of
// the binding it saw; each capture it bound starts a thread. Bindings are
// scoped per member (per_member) or shared (top level), as in Captures.
void Engine::Thread(const Instance& instance, const Captures& captures) {
  const ExpectationSpec& spec = *instance.spec;
  for (const FieldSpec& field : spec.fields) {
    std::vector<std::string> used;
    internal::CollectCaptureReferences(field.matcher, used);
    for (const std::string& name : used) {
      const auto open = open_threads_.find({instance.member, name});
      if (open == open_threads_.end()) continue;
      std::vector<CaptureUse>& uses = report_.threads[open->second].uses;
      if (!uses.empty() && uses.back().expectation == instance.result) continue;
      uses.push_back(CaptureUse{instance.result, field.name});
    }
  }
  if (instance.matched.empty()) return;
  for (const std::string& name : spec.captures) {
    const auto value = captures.find(name);
    if (value == captures.end()) continue;
    CaptureThread thread;
    thread.name = name;
    thread.value = recorder::ValueExcerpt(value->second);
    thread.binder = instance.result;
    thread.bound_at = Ref(recording_.records[instance.matched[0]]);
    open_threads_[{instance.member, name}] = report_.threads.size();
    report_.threads.push_back(std::move(thread));
  }
}

}  // namespace witness::assertions::internal
