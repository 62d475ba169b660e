#pragma once

#include <cstdint>
#include <string_view>

namespace sctpdp {

// The association states of RFC 9260 section 4.
enum class AssociationState : uint8_t {
  kClosed,
  kCookieWait,
  kCookieEchoed,
  kEstablished,
  kShutdownPending,
  kShutdownSent,
  kShutdownReceived,
  kShutdownAckSent,
};

constexpr std::string_view AssociationStateName(AssociationState state) {
  switch (state) {
    case AssociationState::kClosed:
      return "CLOSED";
    case AssociationState::kCookieWait:
      return "COOKIE-WAIT";
    case AssociationState::kCookieEchoed:
      return "COOKIE-ECHOED";
    case AssociationState::kEstablished:
      return "ESTABLISHED";
    case AssociationState::kShutdownPending:
      return "SHUTDOWN-PENDING";
    case AssociationState::kShutdownSent:
      return "SHUTDOWN-SENT";
    case AssociationState::kShutdownReceived:
      return "SHUTDOWN-RECEIVED";
    case AssociationState::kShutdownAckSent:
      return "SHUTDOWN-ACK-SENT";
  }
  return "?";
}

}  // namespace sctpdp
