// Must not compile: a normal build that includes the fake's header.
#include "witness/fake/fake_backend.h"

int main() { return 0; }
