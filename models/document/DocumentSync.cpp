// A shared database whose server goes away, or a colleague's commit to an element being edited:
// the app holds its edits in memory (nothing typed is lost) and writes them when the server is
// back, merged three ways with what others committed meanwhile. Where both sides changed the
// same element the user is asked, by element, whose value stays; the result is one undo step.
#include "document/Document.h"

#include "document/commands/ImportChanges.h"
#include "domain/RegistryMerge.h"
#include "store/Store.h"

#include <QTimer>

namespace portolan {

// A copy that shares no buffer with the original: a mutation holds a reference into the
// registry's (already detached) vectors while it stores, then assigns through it, which would
// change an implicitly shared copy too.
Registry Document::snapshot(const Registry &registry)
{
    Registry copy = registry;
    copy.policy.blocks.detach();
    copy.devices.detach();
    for (Device &device : copy.devices) {
        device.services.detach();
        for (Service &service : device.services)
            service.ports.detach();
    }
    return copy;
}

void Document::setHoldsEditsThroughStoreFailures(bool hold)
{
    m_holdsEdits = hold;
}

bool Document::holdsWrite()
{
    if (!m_holdsEdits || !m_store ||
        !(m_store->lastErrorIsConnectionLoss() || m_store->lastErrorIsConflict()))
        return false;
    const bool conflict = m_store->lastErrorIsConflict();
    // The store's message names the database first; the banner says it once.
    QString reason = m_store->error().toString();
    if (reason.startsWith(m_location + QStringLiteral(": ")))
        reason = reason.mid(m_location.size() + 2);
    if (!m_holding) {
        // The base of the merge: what the database held when this (batch of) edit(s) began.
        m_syncBase = m_batchDepth > 0 || m_storeBatchOpen ? m_batchBase : snapshot(m_registry);
        m_holding = true;
        if (!m_syncRetry) {
            m_syncRetry = new QTimer(this);
            m_syncRetry->setInterval(SyncRetryMs);
            connect(m_syncRetry, &QTimer::timeout, this, [this] { synchronize(SyncChoice::Ask); });
        }
        m_syncRetry->start();
        emit modifiedChanged(true);
        if (!conflict)
            emit connectionChanged(tr("%1: the server is away (%2). Your edits are kept here and "
                                      "written when it is back.")
                                       .arg(m_location, reason),
                                   true);
    }
    // Someone else's commit: find out at once what collides (after this edit is in memory).
    if (conflict)
        QTimer::singleShot(0, this, [this] { synchronize(SyncChoice::Ask); });
    return true;
}

bool Document::synchronize(SyncChoice choice)
{
    if (!m_holding || m_batchDepth > 0 || !m_store)
        return !m_holding;
    if (!m_collisions.isEmpty() && choice == SyncChoice::Ask)
        return false; // the user has been asked: their answer decides
    Registry theirs;
    if (!m_store->load(theirs))
        return false; // still away: the timer tries again
    const RegistryMerge::Result merge = RegistryMerge::threeWay(m_syncBase, m_registry, theirs);
    if (!merge.collisions.isEmpty() && choice == SyncChoice::Ask) {
        m_collisions = merge.collisions;
        m_syncRetry->stop();
        emit editsCollided(m_collisions);
        return false;
    }
    // Keep Mine: the same merge with the sides swapped, so my value stays where both changed.
    const Registry target = choice == SyncChoice::KeepMine
                                ? RegistryMerge::threeWay(m_syncBase, theirs, m_registry).merged
                                : merge.merged;
    const int collided = int(m_collisions.size());
    m_holding = false;
    m_collisions.clear();
    m_syncRetry->stop();
    m_undoStack.clear();
    adoptRegistry(std::move(theirs));
    if (QUndoCommand *command = ImportChanges::fromTarget(this, target, tr("Reapply my edits")))
        m_undoStack.push(command); // writes; a new loss holds again, from this base
    if (m_holding)
        return false;
    emit modifiedChanged(false);
    emit editsWritten(collided == 0 ? tr("Your edits are written to %1.").arg(m_location)
                      : choice == SyncChoice::KeepMine
                          ? tr("Your edits are written to %1; yours were kept where both of you "
                               "changed the same value (%n element(s)).",
                               nullptr, collided)
                                .arg(m_location)
                          : tr("Reloaded %1 and reapplied your edits; theirs were kept where both "
                               "of you changed the same value (%n element(s)).",
                               nullptr, collided)
                                .arg(m_location));
    return true;
}

} // namespace portolan
