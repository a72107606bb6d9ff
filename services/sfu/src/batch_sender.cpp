#include "batch_sender.h"

#include <netinet/udp.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>

namespace zt::sfu {
namespace {

constexpr size_t kMaxGsoSegments = 64;
constexpr size_t kMaxGsoBytes = 65000;
constexpr unsigned kMaxSendmmsg = 1024;

// A power of two with room for every entry of a batch at most half full, so
// probing always ends.
size_t bucket_count(size_t max_entries) {
  size_t n = 1024;
  while (n < 2 * max_entries) n *= 2;
  return n;
}

}  // namespace

BatchSender::BatchSender(size_t max_entries, bool gso)
    : gso_(gso),
      buckets_(bucket_count(max_entries)),
      next_(max_entries),
      msgs_(max_entries),
      iovs_(2 * max_entries),
      addrs_(max_entries),
      segments_(max_entries),
      cmsgs_(max_entries) {
  used_buckets_.reserve(max_entries);
}

// Groups are transport ids, handed out in sequence: the low bits are a good
// hash. A bucket from an older batch (older generation) counts as free.
inline BatchSender::Bucket& BatchSender::bucket_for(uint32_t group) {
  size_t mask = buckets_.size() - 1;
  size_t i = group & mask;
  for (;;) {
    Bucket& b = buckets_[i];
    if (b.generation != generation_) {
      b = Bucket{group, generation_, -1, -1};
      used_buckets_.push_back(static_cast<uint32_t>(i));
      return b;
    }
    if (b.group == group) return b;
    i = (i + 1) & mask;
  }
}

void BatchSender::add_message(size_t first_iov, size_t iov_count, size_t segments, uint32_t segment_size,
                              const Endpoint& dest) {
  size_t k = n_msgs_++;
  mmsghdr& m = msgs_[k];
  m.msg_len = 0;
  m.msg_hdr.msg_name = &addrs_[k];
  m.msg_hdr.msg_namelen = endpoint_to_sockaddr(dest, addrs_[k]);
  m.msg_hdr.msg_iov = &iovs_[first_iov];
  m.msg_hdr.msg_iovlen = iov_count;
  m.msg_hdr.msg_control = nullptr;
  m.msg_hdr.msg_controllen = 0;
  m.msg_hdr.msg_flags = 0;
  segments_[k] = static_cast<uint32_t>(segments);
  if (segments > 1) {
    m.msg_hdr.msg_control = cmsgs_[k].data();
    m.msg_hdr.msg_controllen = cmsgs_[k].size();
    cmsghdr* c = CMSG_FIRSTHDR(&m.msg_hdr);
    c->cmsg_level = SOL_UDP;
    c->cmsg_type = UDP_SEGMENT;
    c->cmsg_len = CMSG_LEN(sizeof(uint16_t));
    uint16_t seg = static_cast<uint16_t>(segment_size);
    std::memcpy(CMSG_DATA(c), &seg, sizeof seg);
  }
}

void BatchSender::build(const OutputBatch& batch) {
  if (++generation_ == 0) {  // wrapped: no bucket may look current
    std::fill(buckets_.begin(), buckets_.end(), Bucket{});
    generation_ = 1;
  }
  used_buckets_.clear();
  const auto& entries = batch.entries();
  int32_t* next = next_.data();
  for (size_t i = 0; i < entries.size(); ++i) {  // one list per destination, in batch order
    Bucket& b = bucket_for(entries[i].group);
    auto k = static_cast<int32_t>(i);
    next[i] = -1;
    if (b.tail >= 0) next[b.tail] = k;
    else b.head = k;
    b.tail = k;
  }
  n_msgs_ = 0;
  n_iovs_ = 0;
  size_t nb = used_buckets_.size();
  size_t j = nb ? rotation_++ % nb : 0;
  for (size_t left = nb; left > 0; --left, j = j + 1 == nb ? 0 : j + 1) {
    for (int32_t e = buckets_[used_buckets_[j]].head; e >= 0;) e = add_run(batch, e);
  }
}

// One message from entry `e` on: a GSO train of equal-size datagrams to one
// address (a shorter one may end it), or a single datagram. Locals instead
// of members in the loop: the iovec stores could alias them.
int32_t BatchSender::add_run(const OutputBatch& batch, int32_t e) {
  const OutEntry* entries = batch.entries().data();
  const int32_t* next = next_.data();
  iovec* iov = iovs_.data();
  const OutEntry& first = entries[e];
  const uint32_t seg = first.datagram_size();
  const size_t first_iov = n_iovs_;
  size_t n_iov = first_iov;
  size_t segs = 0;
  size_t total = 0;
  while (e >= 0) {
    const OutEntry& cur = entries[e];
    uint32_t size = cur.datagram_size();
    if (segs > 0 && (!gso_ || size > seg || segs == kMaxGsoSegments || total + size > kMaxGsoBytes ||
                     !(cur.dest == first.dest))) {
      break;
    }
    iov[n_iov++] = iovec{const_cast<uint8_t*>(batch.head(cur).data()), cur.size};
    if (cur.tail_size > 0) iov[n_iov++] = iovec{const_cast<uint8_t*>(cur.tail), cur.tail_size};
    total += size;
    ++segs;
    e = next[e];
    if (size < seg) break;  // a shorter datagram ends a GSO run
  }
  n_iovs_ = n_iov;
  add_message(first_iov, n_iov - first_iov, segs, seg, first.dest);
  return e;
}

size_t BatchSender::flush(int fd, DataPlaneCounters& counters) {
  size_t sent = 0;
  size_t off = 0;
  while (off < n_msgs_) {
    unsigned chunk = static_cast<unsigned>(std::min<size_t>(n_msgs_ - off, kMaxSendmmsg));
    int r = sendmmsg(fd, &msgs_[off], chunk, MSG_DONTWAIT);
    if (r <= 0) {
      if (errno == EIO && segments_[off] > 1) gso_ = false;  // no GSO on this path: stop using it
      counters.drops[static_cast<size_t>(DropReason::kSendFailed)].fetch_add(segments_[off], std::memory_order_relaxed);
      ++off;
      continue;
    }
    for (int i = 0; i < r; ++i) sent += segments_[off + static_cast<size_t>(i)];
    off += static_cast<size_t>(r);
  }
  return sent;
}

size_t BatchSender::send(int fd, const OutputBatch& batch, DataPlaneCounters& counters) {
  if (batch.empty()) return 0;
  build(batch);
  return flush(fd, counters);
}

}  // namespace zt::sfu
