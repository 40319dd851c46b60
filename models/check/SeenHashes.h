#pragma once

#include <QtGlobal>

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>

namespace portolan {

// The 64-bit hashes seen so far, added to by two threads at once, which only ever asks whether
// a hash comes again: an open-addressing table with at least twice as many slots as hashes.
// Its memory comes from calloc, pages the kernel hands over zeroed as each is first written, by
// whichever thread writes it: a table zeroed first, on one thread, took longer at 50,000 route
// names than the two threads took to hash them. 0 marks a free slot, so a hash of 0 counts as 1
// (at worst a repeat that is not one).
class SeenHashes
{
public:
    explicit SeenHashes(std::size_t count)
    {
        std::size_t size = 16;
        while (size < 2 * count)
            size <<= 1;
        m_mask = size - 1;
        void *memory = std::calloc(size, sizeof(std::atomic<quint64>));
        if (!memory)
            throw std::bad_alloc();
        m_slots = static_cast<std::atomic<quint64> *>(memory);
        // Each slot begins its life here; the default constructor writes nothing, so the
        // zeroes calloc gave are its value.
        for (std::size_t i = 0; i < size; ++i)
            new (&m_slots[i]) std::atomic<quint64>;
    }
    ~SeenHashes() { std::free(m_slots); }
    SeenHashes(const SeenHashes &) = delete;
    SeenHashes &operator=(const SeenHashes &) = delete;

    // False when `hash` was added before, by either thread.
    bool add(quint64 hash)
    {
        hash = hash == 0 ? 1 : hash;
        for (std::size_t i = std::size_t(hash ^ (hash >> 32)) & m_mask;; i = (i + 1) & m_mask) {
            quint64 seen = m_slots[i].load(std::memory_order_relaxed);
            if (seen == 0 &&
                m_slots[i].compare_exchange_strong(seen, hash, std::memory_order_relaxed))
                return true;
            // Taken: by this hash (now or just before, by the other thread), or by another.
            if (seen == hash)
                return false;
        }
    }

private:
    std::atomic<quint64> *m_slots = nullptr;
    std::size_t m_mask = 0;
};

} // namespace portolan
