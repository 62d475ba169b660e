#include "dataplane/sctp/tx/retransmission_timeout.h"

#include <algorithm>
#include <cstdlib>

namespace sctpdp {

RetransmissionTimeout::RetransmissionTimeout(const Options& options)
    : options_(options), rto_(options.rto_initial) {
  if (options.rto_min <= Duration::zero() || options.rto_min > options.rto_initial ||
      options.rto_initial > options.rto_max || options.clock_granularity < Duration::zero()) {
    std::abort();
  }
}

void RetransmissionTimeout::ObserveRtt(Duration rtt) {
  if (rtt < Duration::zero()) return;
  // RTO.Alpha = 2^-alpha_shift and RTO.Beta = 2^-beta_shift (section 16;
  // 1/8 and 1/4 by default) as integer fractions of microseconds: each
  // update truncates by less than one microsecond.
  if (!has_measurement_) {
    // Rule C2.
    srtt_ = rtt;
    rttvar_ = rtt / 2;
    has_measurement_ = true;
  } else {
    // Rule C3: RTTVAR first, from the SRTT before this update.
    const Duration deviation = srtt_ > rtt ? srtt_ - rtt : rtt - srtt_;
    // RTTVAR = (1 - beta) * RTTVAR + beta * |SRTT - R'|, and SRTT likewise
    // with alpha.
    const int64_t beta = int64_t{1} << options_.beta_shift;
    const int64_t alpha = int64_t{1} << options_.alpha_shift;
    rttvar_ = ((beta - 1) * rttvar_ + deviation) / beta;
    srtt_ = ((alpha - 1) * srtt_ + rtt) / alpha;
  }
  // Rule G1.
  if (rttvar_ == Duration::zero()) rttvar_ = options_.clock_granularity;
  rto_ = Clamp(srtt_ + 4 * rttvar_);
}

void RetransmissionTimeout::BackOff() {
  // Rule E2, bounded by rule C7; comparing before doubling cannot overflow.
  rto_ = rto_ > options_.rto_max / 2 ? options_.rto_max : 2 * rto_;
}

Duration RetransmissionTimeout::Clamp(Duration rto) const {
  return std::clamp(rto, options_.rto_min, options_.rto_max);
}

}  // namespace sctpdp
