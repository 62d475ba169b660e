#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "control/apps/app_stats.h"
#include "dataplane/sctp/common/ip_address.h"
#include "dataplane/shard/application.h"

namespace sctpdp {

struct SourceOptions {
  std::vector<IpAddress> peers;  // one peer; several addresses = multihomed
  Port peer_port{};
  // Association i uses local port first_local_port + i: SCTP allows one
  // association per pair of transport addresses.
  Port first_local_port{};
  int associations = 1;
  size_t message_size = 128;
  // Messages per second per association; 0: as fast as the window allows.
  uint64_t rate = 0;
  uint16_t streams = 1;
  Ppid ppid{};
  bool unordered = false;
  // Messages sent and not yet echoed, per association; 0 for a peer that
  // does not echo (discard).
  int window = 0;
};

// `source`: opens associations to a peer and sends messages of a given
// size, rate, stream spread and PPID. Each message carries its sequence
// number, its send time and a pattern derived from both, so that against
// an `echo` the returning messages are checked byte for byte and in order
// per stream (unless unordered), and their round trip is measured.
class SourceApp : public Application {
 public:
  // Messages below this size carry no time stamp and are not checked.
  static constexpr size_t kHeaderSize = 16;

  SourceApp(const EndpointOptions& endpoint_options, const SourceOptions& options, AppStats& stats);

  void Start(TimePoint now, EndpointHost& host) override;
  void OnMessage(TimePoint now, Endpoint& endpoint, AssociationId id,
                 ReceivedMessage& message) override;
  void OnNotification(TimePoint now, Endpoint& endpoint, AssociationId id,
                      const Notification& notification) override;
  void Poll(TimePoint now) override;
  void Stop(TimePoint now) override;
  bool stopped() const override;
  bool serves() const override { return false; }
  std::unique_ptr<ApplicationState> Release(Endpoint& endpoint, AssociationId id) override;
  void Adopt(TimePoint now, Endpoint& endpoint, AssociationId id,
             std::unique_ptr<ApplicationState> state) override;

  // The payload of message `sequence` sent at `sent` (also used by tests).
  static std::vector<uint8_t> Payload(uint64_t sequence, TimePoint sent, size_t size);

 private:
  struct Flow {
    Endpoint* endpoint = nullptr;
    AssociationId id{};
    bool up = false;
    bool done = false;  // closed or failed
    bool shutdown_sent = false;
    uint64_t next_sequence = 0;
    uint64_t echoed = 0;
    TimePoint last_refill{};
    double tokens = 0;
    std::vector<uint64_t> expected;  // per stream: the next sequence to come back
  };

  struct MovedFlow;

  // Sends the INITs of flows not yet opened, kBurst per turn at most, so
  // that thousands of associations do not overrun the transmit queue.
  void OpenSome(TimePoint now);
  void SendSome(TimePoint now, Flow& flow);
  void CheckEcho(TimePoint now, Flow& flow, const ReceivedMessage& message);

  EndpointOptions endpoint_options_;
  SourceOptions options_;
  AppStats& stats_;
  std::vector<Flow> flows_;
  std::unordered_map<const Endpoint*, size_t> flow_of_;
  size_t next_to_open_ = 0;  // flows_ before it have sent their INIT
  bool stopping_ = false;
};

}  // namespace sctpdp
