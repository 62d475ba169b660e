#pragma once

#include "dataplane/dpdk/eal.h"

namespace sctpdp::dpdk {

// The process's EAL, set up by the tests' main.
struct TestEal {
  static Eal* eal_;
};

}  // namespace sctpdp::dpdk
