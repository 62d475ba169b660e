// DPDK tests share one EAL per process (DPDK initialises it once): without
// hugepages, with a file prefix of their own, on lcores 0 and 1 where the
// machine has them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <thread>

#include "dataplane/dpdk/eal.h"
#include "tests/dpdk/dpdk_test_env.h"

namespace sctpdp::dpdk {

Eal* TestEal::eal_ = nullptr;

class EalEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    EalSettings settings;
    settings.lcores = std::thread::hardware_concurrency() > 1 ? "0-1" : "0";
    settings.file_prefix = "sctpdp-test-" + std::to_string(getpid());
    settings.log_level = "error";
    settings.args = {"--no-pci"};
    std::string error;
    eal_ = Eal::Init(settings, error);
    ASSERT_NE(eal_, nullptr) << error;
    TestEal::eal_ = eal_.get();
  }
  void TearDown() override {
    TestEal::eal_ = nullptr;
    eal_.reset();
  }

 private:
  std::unique_ptr<Eal> eal_;
};

}  // namespace sctpdp::dpdk

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ::testing::AddGlobalTestEnvironment(new sctpdp::dpdk::EalEnvironment);
  return RUN_ALL_TESTS();
}
