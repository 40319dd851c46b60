#pragma once

#include <chrono>
#include <cstddef>

namespace portolan {

// A registry of 100,000 bindings is a few hundred thousand small allocations. On 4 KiB pages
// each page of the heap costs a fault the first time it is written, and on virtual machines
// whose faults go through the hypervisor those faults were a third of `validate`. Backed by
// transparent huge pages, 2 MiB come with one fault.
//
// glibc does this itself only with the tunable glibc.malloc.hugetlb=1 plus a large top pad,
// which it reads from the environment at start (so a program would have to start itself twice,
// loading every library again). This does the same from inside: heaps grow in large steps
// (M_TOP_PAD), and the main heap's next step and the thread heaps made here are advised to the
// kernel as huge-page memory (MADV_HUGEPAGE). Nothing changes where the kernel offers no huge
// pages, under strict overcommit, with glibc's own huge-page or perturb tunable set (or
// MALLOC_PERTURB_), off glibc, or with PORTOLAN_NO_HUGEPAGES=1 (for comparing). The cost: heaps
// are not given back to the system until much is free (see MainHeapStep), glibc's mmap
// threshold stays at its 128 KiB, and what is free of the 2 MiB block at the start of each
// heap, written before it could be advised, stays unused (a block never written holds it).
namespace HugePageHeap {

// Call first in main, before any other thread starts: threadHeaps is how many threads of the
// program may allocate at once besides the main one (each gets a heap of its own). The main
// heap is advised before it returns; the thread heaps are made meanwhile on another thread.
void prefer(int threadHeaps);

// Until the thread heaps of prefer() are made (at once if it made none), at most `most`.
// Called before a command's first thread starts: that thread gets a heap glibc makes on the
// spot, on small pages, if it allocates first (some 4,000 faults, a quarter of a `validate` of
// the 100k registry's database, against the 5-7 ms the heaps take from the program's start).
void waitForThreadHeaps(std::chrono::milliseconds most = std::chrono::milliseconds(20));

// A large buffer of the program's own (an export's text) advised the same way, once prefer()
// has: glibc gives such buffers memory of their own, outside the heaps.
void adviseLargeBuffer(void *data, std::size_t bytes);

// Whether prefer() advised the heaps (false when turned off, or where it does nothing).
bool preferred();

} // namespace HugePageHeap

} // namespace portolan
