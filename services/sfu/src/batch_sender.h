// Sends an OutputBatch with as few system calls as possible: datagrams are
// grouped by destination (destinations served in rotating order so none is
// always last), runs of equal-size datagrams to one destination become one
// UDP GSO (UDP_SEGMENT) message (one or two iovecs per datagram: its head
// and its shared tail), and everything goes out in sendmmsg calls.
// A destination whose socket buffer is full loses its datagrams (counted);
// nobody else waits for it.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <vector>

#include "drop_reason.h"
#include "output_batch.h"

namespace zt::sfu {

class BatchSender {
 public:
  BatchSender(size_t max_entries, bool gso);

  // Returns the number of datagrams the kernel accepted.
  size_t send(int fd, const OutputBatch& batch, DataPlaneCounters& counters);
  bool gso() const { return gso_; }

 private:
  struct Bucket {
    uint32_t group = 0;
    uint32_t generation = 0;
    int32_t head = -1;
    int32_t tail = -1;
  };
  Bucket& bucket_for(uint32_t group);
  void build(const OutputBatch& batch);
  int32_t add_run(const OutputBatch& batch, int32_t first_entry);
  void add_message(size_t first_iov, size_t iov_count, size_t segments, uint32_t segment_size,
                   const Endpoint& dest);
  size_t flush(int fd, DataPlaneCounters& counters);

  bool gso_;
  uint32_t generation_ = 0;
  uint32_t rotation_ = 0;
  std::vector<Bucket> buckets_;
  std::vector<uint32_t> used_buckets_;
  std::vector<int32_t> next_;
  std::vector<mmsghdr> msgs_;
  std::vector<iovec> iovs_;
  std::vector<sockaddr_storage> addrs_;
  std::vector<uint32_t> segments_;
  using Cmsg = std::array<uint8_t, CMSG_SPACE(sizeof(uint16_t))>;
  std::vector<Cmsg> cmsgs_;
  size_t n_msgs_ = 0;
  size_t n_iovs_ = 0;
};

}  // namespace zt::sfu
