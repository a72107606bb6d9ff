#!/usr/bin/env bash
# make bench-sfu: the baseline relay (recvmmsg/sendmmsg and UDP GSO) and
# zt-sfu under the same load from zt-loadgen, relay pinned to core 0 and the
# load generator to core 1. Per run: output rate, the relay's CPU time per
# output packet (/proc/<pid>/schedstat, all threads), loss, one-way latency
# p50/p99 from kernel receive timestamps. All traffic on 127.0.0.1; every run
# is bounded by ZT_BENCH_SFU_SECONDS. One publisher, S = fan-out subscribers,
# video at ZT_BENCH_SFU_OUTPUT_PPS / fan-out packets/s, no audio, no SFrame.
#
# Measurement methods, applied identically to all three relays
# (ZT_BENCH_SFU_METHODS, default "frame-gro frame even"):
#   even      the original method: one publisher, video packets evenly
#             spaced, plain subscriber sockets.
#   frame     realistic pacing: each video frame's packets leave back to back
#             at 30 fps (what an encoder + RTP packetizer does, and what lets
#             a relay batch per destination). The same output rate comes from
#             P publishers of about ZT_BENCH_SFU_FRAME_PACKETS (10) packets
#             per frame each (~2.9 Mbit/s at 1200 B), P <= 100, frames
#             staggered across the frame interval.
#   frame-gro frame pacing, and the subscriber sockets set UDP_GRO.
# Why GRO: on loopback a GSO train is not segmented by the sender; without
# UDP_GRO the *receiving* socket segments it (skb_segment) and queues every
# datagram, and that softirq work runs inside the relay's send call whenever
# the CPU is idle, so /proc/<pid>/schedstat charges the receivers' work to
# the relay (and far less of it when the machine is busy and softirq is
# deferred to ksoftirqd: the method is noisy, and pessimistic for GSO
# relays). With UDP_GRO the train is queued whole, as it would leave a NIC
# with UDP segmentation offload; the load generator splits it by the
# UDP_GRO segment size and checks and times every datagram on its own. The
# loopback receive path (one enqueue + wakeup per train) is still charged to
# the relay, so the figure stays an upper bound of the relay's own work.
# ZT_BENCH_SFU_REPEAT=R runs each row R times (the three relays interleaved)
# and prints medians: use it when the machine is not idle.
# Fixed ports sit below the ephemeral range (32768+) so that no test's
# port-0 socket can take them mid-run.
# See docs/media-format.md (measurement notes).
set -euo pipefail
build=${1:-build}
bin="$build/bin"
seconds=${ZT_BENCH_SFU_SECONDS:-5}
out_pps=${ZT_BENCH_SFU_OUTPUT_PPS:-150000}
fanouts=${ZT_BENCH_SFU_FANOUTS:-"1 10 50"}
sizes=${ZT_BENCH_SFU_SIZES:-"1200 100"}
relay_core=${ZT_BENCH_SFU_RELAY_CORE:-0}
loadgen_core=${ZT_BENCH_SFU_LOADGEN_CORE:-1}
methods=${ZT_BENCH_SFU_METHODS:-"frame-gro frame even"}
frame_packets=${ZT_BENCH_SFU_FRAME_PACKETS:-10}
repeat=${ZT_BENCH_SFU_REPEAT:-1}  # runs per row, relays interleaved; the table shows medians
for b in zt-sfu zt-loadgen udp_relay_baseline; do
  [ -x "$bin/$b" ] || { echo "bench-sfu: missing $bin/$b (build first)" >&2; exit 2; }
done
work=$(mktemp -d)
sfu_pid=""
cleanup() { [ -n "$sfu_pid" ] && kill "$sfu_pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$build/bench"
results="$build/bench/sfu.jsonl"
: > "$results"

"$bin/zt-loadgen" keygen --jwks "$work/jwks.json" --seed "$work/seed" --kid bench
sfu_grpc=127.0.0.1:7194
taskset -c "$relay_core" "$bin/zt-sfu" --grpc.address=$sfu_grpc --metrics.address=127.0.0.1:0 \
  --sfu.udp_address=127.0.0.1:29500 --sfu.workers=1 --sfu.redis_registry=false \
  --sfu.trusted_jwks_file="$work/jwks.json" --state_dir="$work/state" >"$work/sfu.log" 2>&1 &
sfu_pid=$!
for _ in $(seq 1 50); do grep -q '"serving"' "$work/sfu.log" 2>/dev/null && break; sleep 0.1; done
grep -q '"serving"' "$work/sfu.log" || { echo "bench-sfu: zt-sfu did not start:" >&2; tail -5 "$work/sfu.log" >&2; exit 2; }

run_one() {  # run_one <method> <relay> <size> <fanout>
  local method=$1 relay=$2 size=$3 fanout=$4 pps json="$work/run.json" pid pacing=even gro=0 pubs=1
  pps=$(( out_pps / fanout ))
  if [ "$method" != even ]; then  # publishers of ~frame_packets * 30 packets/s each, frames staggered
    pacing=frame
    pubs=$(( pps / (frame_packets * 30) )); [ "$pubs" -lt 1 ] && pubs=1; [ "$pubs" -gt 100 ] && pubs=100
    pps=$(( pps / pubs ))
  fi
  [ "$method" = frame-gro ] && gro=1
  local common=(--publishers "$pubs" --subscribers "$fanout" --audio 0 --video 1 --video-pps "$pps"
                --packet-size "$size" --sframe 0 --duration "$seconds" --progress 0 --max-loss 1 --json "$json"
                --pacing "$pacing" --gro "$gro")
  if [ "$relay" = sfu ]; then
    taskset -c "$loadgen_core" "$bin/zt-loadgen" sfu --sfu $sfu_grpc --grant-seed-file "$work/seed" \
      --grant-kid bench --meeting "bench-$method-$size-$fanout" --relay-pid "$sfu_pid" "${common[@]}" >/dev/null
  else
    local mode=${relay#baseline-}
    taskset -c "$relay_core" "$bin/udp_relay_baseline" --listen-port 30000 --dest-port-base 30100 \
      --fanout "$fanout" --mode "$mode" --duration $(( seconds + 15 )) >"$work/relay.log" 2>&1 &
    pid=$!
    sleep 0.3
    taskset -c "$loadgen_core" "$bin/zt-loadgen" baseline --relay 127.0.0.1:30000 --dest-port-base 30100 \
      --relay-pid "$pid" "${common[@]}" >/dev/null
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  python3 - "$json" "$relay" "$size" "$fanout" "$results" "$method" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
r.update({"relay": sys.argv[2], "size": int(sys.argv[3]), "fanout": int(sys.argv[4]), "method": sys.argv[6]})
r["publishers"] = r.get("publishers", 1)
open(sys.argv[5], "a").write(json.dumps(r) + "\n")
PY
}

for method in $methods; do
  for size in $sizes; do
    for fanout in $fanouts; do
      for _ in $(seq 1 "$repeat"); do
        for relay in baseline-mmsg baseline-gso sfu; do
          run_one "$method" "$relay" "$size" "$fanout"
        done
      done
    done
  done
done

python3 - "$results" <<'PY'
import json, statistics, sys
runs = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    runs.setdefault((r["method"], r["relay"], r["size"], r["fanout"]), []).append(r)

def median(rs, f):
    return statistics.median(f(r) for r in rs)

rows = []
for key, rs in runs.items():  # insertion order: the order the runs were made
    rows.append({"key": key, "n": len(rs), "publishers": rs[0]["publishers"],
                 "pps_out": median(rs, lambda r: r["pps_out"]),
                 "cpu": median(rs, lambda r: r["relay_cpu_us_per_output_packet"]),
                 "loss": median(rs, lambda r: r["loss"]),
                 "p50": median(rs, lambda r: r["latency_us"]["p50"]),
                 "p99": median(rs, lambda r: r["latency_us"]["p99"])})
gso = {r["key"][0:1] + r["key"][2:]: r["cpu"] for r in rows if r["key"][1] == "baseline-gso"}
print(f'{"method":<10}{"relay":<14}{"size":>6}{"fanout":>7}{"pubs":>5}{"runs":>5}{"out pps":>10}{"cpu us/pkt":>12}'
      f'{"vs gso":>8}{"loss %":>9}{"p50 us":>8}{"p99 us":>8}')
for r in rows:
    method, relay, size, fanout = r["key"]
    base = gso.get((method, size, fanout), -1)
    ratio = f'{r["cpu"] / base:.2f}' if r["cpu"] > 0 and base and base > 0 else "-"
    print(f'{method:<10}{relay:<14}{size:>6}{fanout:>7}{r["publishers"]:>5}{r["n"]:>5}{r["pps_out"]:>10.0f}'
          f'{r["cpu"]:>12.3f}{ratio:>8}{r["loss"] * 100:>9.3f}{r["p50"]:>8.0f}{r["p99"]:>8.0f}')
print(f"(medians over the runs of each row; JSON lines in {sys.argv[1]})")
PY
