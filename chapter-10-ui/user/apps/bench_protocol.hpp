// What bench and bench_peer say to each other: the tags of their messages.
#pragma once
#include <cstdint>

namespace bench {

/// Answer with the 8-byte payload plus one.
inline constexpr uint32_t echo = 1;
/// The same as echo, answered by a channel_write and a channel_read instead of one
/// channel_reply_wait: bench's warm-up round trips, which check that both paths agree.
inline constexpr uint32_t check = 3;
/// Answer, then yield peer_yields times, then wait for the next message: one round of yields.
inline constexpr uint32_t yield_loop = 2;
/// Answered as it is. The peer reads it only once its yields are over, so bench's call returns
/// at the end of the round, and the next figure's samples run without a peer still yielding.
inline constexpr uint32_t round_end = 4;
/// How often the peer yields per round: more than bench's yields, so that it is always there
/// to switch to.
inline constexpr int peer_yields = 4 * 1100;

}  // namespace bench
