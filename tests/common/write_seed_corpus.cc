// write_seed_corpus DIR [COUNT] [SEED]: writes COUNT (default 200) packets
// from PacketGenerator into DIR as files gen-0000.bin, gen-0001.bin, ...: the
// seed corpus of tests/fuzz/corpus/packet. Half the packets follow the RFC
// placement rules, half mix chunks and parameters freely; sizes vary from
// small to a full Ethernet MTU so the corpus stays small.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/common/packet_generator.h"

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: %s DIR [COUNT] [SEED]\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  const size_t count = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 200;
  const uint64_t seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1;

  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    std::fprintf(stderr, "%s: %s\n", dir.c_str(), error.message().c_str());
    return 1;
  }

  sctpdp::testing::PacketGenerator strict(
      seed, {.max_packet_size = 1500, .max_chunks = 6, .max_variable_size = 400, .strict = true});
  sctpdp::testing::PacketGenerator mixed(
      seed + 1,
      {.max_packet_size = 1024, .max_chunks = 8, .max_variable_size = 200, .strict = false});
  for (size_t i = 0; i < count; ++i) {
    const std::vector<uint8_t> packet = i % 2 == 0 ? strict.Next() : mixed.Next();
    char name[32];
    std::snprintf(name, sizeof(name), "gen-%04zu.bin", i);
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(packet.data()),
              static_cast<std::streamsize>(packet.size()));
    if (!out) {
      std::fprintf(stderr, "%s: write failed\n", (dir / name).c_str());
      return 1;
    }
  }
  return 0;
}
