// Memory of idle established associations: one client endpoint opens N
// associations to one listening endpoint (each to a different server
// address, seen by the server as a different client address), every
// handshake completes, and the heap growth is divided by the associations
// on both sides. The heap is measured by counting what operator new hands
// out (malloc_usable_size), so the figure is what the engine's objects
// occupy, not what the allocator keeps in reserve.
//
//   association_memory_bench [N ...]     (default: 1000 100000)
#include <fmt/format.h>
#include <malloc.h>

#include <cstdint>
#include <cstdlib>
#include <deque>
#include <map>
#include <new>
#include <random>
#include <vector>

#include "dataplane/sctp/endpoint/endpoint.h"

namespace {

size_t g_live_bytes = 0;

}  // namespace

void* operator new(size_t size) {
  void* p = std::malloc(size == 0 ? 1 : size);
  if (p == nullptr) throw std::bad_alloc();
  g_live_bytes += malloc_usable_size(p);
  return p;
}
void operator delete(void* p) noexcept {
  if (p == nullptr) return;
  g_live_bytes -= malloc_usable_size(p);
  std::free(p);
}
void operator delete(void* p, size_t) noexcept { operator delete(p); }

namespace sctpdp {
namespace {

// Association i: the client talks to 10.x.y.z and the server hears it from
// 11.x.y.z (x.y.z = i), so that every association has its own address pair
// on both sides while the two endpoints stay one each.
IpAddress AddressOf(uint8_t net, uint32_t i) {
  return IpAddress::FromIpv4(
      {net, static_cast<uint8_t>(i >> 16), static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)});
}
uint32_t IndexOf(const IpAddress& address) {
  return (uint32_t{address.bytes[1]} << 16) | (uint32_t{address.bytes[2]} << 8) | address.bytes[3];
}

struct Packet {
  IpAddress source;
  std::vector<uint8_t> bytes;
};

class Side : public Environment {
 public:
  Side(uint8_t peer_net, uint64_t seed) : peer_net_(peer_net), random_(seed) {}
  void SendPacket(AssociationId, const IpAddress& destination,
                  std::span<const uint8_t> packet) override {
    // The peer sees the packet coming from the mirror address.
    outbox.push_back(Packet{AddressOf(peer_net_, IndexOf(destination)),
                            std::vector<uint8_t>(packet.begin(), packet.end())});
  }
  void ScheduleWakeup(AssociationId, TimePoint) override {}
  uint32_t Random32() override { return static_cast<uint32_t>(random_()); }
  void Deliver(AssociationId, ReceivedMessage&) override {}
  void Notify(AssociationId, const Notification& notification) override {
    if (const auto* change = std::get_if<AssociationChange>(&notification)) {
      if (change->state == AssociationChange::State::kCommUp) ++up;
    }
  }

  std::deque<Packet> outbox;
  size_t up = 0;

 private:
  uint8_t peer_net_;
  std::mt19937_64 random_;
};

void Measure(uint32_t count) {
  AssociationOptions options;
  options.heartbeats_enabled = true;
  const TimePoint now{};
  Side client_env(11, 1);
  Side server_env(10, 2);
  Endpoint client(EndpointOptions{.local_port = Port(5001),
                                  .local_addresses = {IpAddress::FromIpv4({192, 0, 2, 1})},
                                  .association = options,
                                  .max_associations = count + 1},
                  client_env, now);
  Endpoint server(EndpointOptions{.local_port = Port(5002),
                                  .local_addresses = {IpAddress::FromIpv4({192, 0, 2, 2})},
                                  .association = options,
                                  .listening = true,
                                  .max_associations = count + 1},
                  server_env, now);
  const size_t before = g_live_bytes;
  for (uint32_t i = 0; i < count; ++i) {
    const IpAddress peer = AddressOf(10, i);
    client.Connect(now, std::span<const IpAddress>(&peer, 1), Port(5002));
    // Complete each handshake at once, so that at most one is in flight.
    while (!client_env.outbox.empty() || !server_env.outbox.empty()) {
      while (!client_env.outbox.empty()) {
        Packet p = std::move(client_env.outbox.front());
        client_env.outbox.pop_front();
        server.HandlePacket(now, p.source, p.bytes);
      }
      while (!server_env.outbox.empty()) {
        Packet p = std::move(server_env.outbox.front());
        server_env.outbox.pop_front();
        client.HandlePacket(now, p.source, p.bytes);
      }
    }
  }
  client_env.outbox.shrink_to_fit();
  server_env.outbox.shrink_to_fit();
  const size_t grown = g_live_bytes - before;
  const bool all_up = client_env.up == count && server_env.up == count;
  if (!all_up) fmt::print(stderr, "up: client {} server {}\n", client_env.up, server_env.up);
  fmt::print(
      "sctpdp idle_associations={} established={} heap_bytes={} bytes_per_association_end={:.0f} "
      "total_mib_both_sides={:.1f}\n",
      count, all_up ? "yes" : "no", grown, static_cast<double>(grown) / (2.0 * count),
      static_cast<double>(grown) / (1 << 20));
}

}  // namespace
}  // namespace sctpdp

int main(int argc, char** argv) {
  std::vector<uint32_t> counts;
  for (int i = 1; i < argc; ++i)
    counts.push_back(static_cast<uint32_t>(std::strtoul(argv[i], nullptr, 10)));
  if (counts.empty()) counts = {1000, 100000};
  for (uint32_t count : counts) sctpdp::Measure(count);
  return 0;
}
