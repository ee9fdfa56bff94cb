// Point-to-point messages of the replicate executor between MPI ranks
// (implemented in cluster.cpp; internal to validation/).
//
// All traffic runs on a communicator of its own (a duplicate of
// MPI_COMM_WORLD made when the session starts), so it cannot match anything
// else. Waits never spin: they test and sleep (≤ 1 ms), so a rank waiting
// for others leaves its core to the threads that compute. Without MPI (or
// with one rank) nothing here is called.
#pragma once

#include <sklaws/validation/wire_format.hpp>

#include <cstddef>
#include <cstdint>

namespace sklaws::validation::detail::transport {

// Message kinds of the executor's protocol (replicate_executor.cpp).
enum Tag : int {
    request = 1,  // rank → 0: "give me replicates"       {call, n, threads}
    assign,       // 0 → rank: replicates [first, first+count)
    done,         // 0 → rank: none left (terminal)
    abort,        // 0 → rank: stop, some rank failed (terminal)
    result,       // rank → 0: {call, first, count, encoded results}
    error,        // rank → 0: {call, replicate, kind, argument, message}
    bye,          // rank → 0: nothing more will come from this rank in this call
};

struct Message {
    int source = -1;
    int tag = 0;
    Bytes payload;
};

// Receives one pending message if there is one (never blocks).
bool poll(Message& out);

// Starts sending; the buffer is kept until the send completes.
void send(int destination, Tag tag, Bytes payload);

// Completes sends that have finished (call it often: large messages move
// only while the sender makes MPI progress).
void progress_sends();

// Waits (quietly) until every send of this rank has completed.
void flush_sends();

// Rank 0's bytes to every rank (any size; quiet wait).
void broadcast(Bytes& bytes);

}  // namespace sklaws::validation::detail::transport
