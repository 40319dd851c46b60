#include "document/RegistryUpdate.h"

#include "check/Validator.h"
#include "document/Document.h"
#include "document/commands/ImportChanges.h"
#include "store/ConnectionRetry.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QCoreApplication>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::RegistryUpdate", text);
}

} // namespace

void RegistryUpdate::enableDatabases()
{
    databaseApply() = &RegistryUpdate::applyToDatabase;
}

// A server restart in the middle is not a failure: the whole read-modify-write runs again on a
// new connection (each run reads afresh, so a change already committed is not made twice).
RegistryUpdate::Outcome RegistryUpdate::applyToDatabase(const QString &target, const Change &change,
                                                        const Options &options)
{
    Outcome outcome;
    const auto attempt = [&](bool *transient, QString *why) {
        outcome = applyToDatabaseOnce(target, change, options, transient);
        *why = outcome.error.toString();
        return outcome.ok;
    };
    QString why;
    const QString server = RegistryLocation::parse(target).displayName();
    if (!ConnectionRetry::run(server, tr("the update"), attempt, options.onRetry, &why) &&
        !outcome.ok)
        outcome.error = Error::fromText(why);
    return outcome;
}

RegistryUpdate::Outcome RegistryUpdate::applyToDatabaseOnce(const QString &target,
                                                            const Change &change,
                                                            const Options &options,
                                                            bool *connectionLost)
{
    Outcome outcome;
    *connectionLost = false;
    std::unique_ptr<Store> store;
    if (!Document::connectStore(target, store, &outcome.error)) {
        *connectionLost = ConnectionRetry::isConnectionLoss(outcome.error.toString());
        return outcome;
    }
    const auto failed = [&] {
        outcome.error = store->error();
        *connectionLost = store->lastErrorIsConnectionLoss();
        store->rollback();
        return outcome;
    };
    if (!store->beginExclusive())
        return failed();
    LoadedRegistry loaded;
    if (!store->load(loaded.registry))
        return failed();
    const Registry current = loaded.registry;
    Registry wanted = current;
    if (!change(current, wanted, &outcome.error)) {
        store->rollback();
        return outcome;
    }
    outcome.diff = RegistryDiff::compare(current, wanted);
    if (outcome.diff.isEmpty() || options.dryRun) {
        store->rollback();
        outcome.ok = true;
        outcome.result = wanted;
        return outcome;
    }

    // The same row-level change set the app pushes, run inside the transaction opened above.
    const Validator validator;
    loaded.checks.checkAll(loaded.registry, validator);
    Document document;
    QString storeError;
    QObject::connect(&document, &Document::storeFailed, &document,
                     [&storeError](const QString &message, bool) {
                         if (storeError.isEmpty())
                             storeError = message;
                     });
    Store *raw = store.get();
    document.adopt(target, std::move(store), std::move(loaded));
    // A change this update reads back as a refusal may be the connection's loss, not the data's.
    bool lostMidway = false;
    QObject::connect(&document, &Document::storeFailed, &document,
                     [&lostMidway, raw] { lostMidway |= raw->lastErrorIsConnectionLoss(); });
    ImportChanges *command = ImportChanges::fromDiff(&document, outcome.diff, options.description);
    bool applied = true;
    if (command) {
        // A refused command is obsolete and the stack deletes it: count what stayed.
        document.undoStack()->push(command);
        applied = storeError.isEmpty() && document.undoStack()->count() == 1;
    }
    if (!applied) {
        *connectionLost = lostMidway || raw->lastErrorIsConnectionLoss();
        raw->rollback();
        outcome.error = Error::fromText(
            storeError.isEmpty() ? tr("%1: the change was refused").arg(target) : storeError);
        return outcome;
    }
    if (!raw->commit()) {
        // Lost at COMMIT: whether it went through is unknown; the next run reads and sees.
        *connectionLost = raw->lastErrorIsConnectionLoss();
        outcome.error = raw->error();
        return outcome;
    }
    outcome.ok = true;
    outcome.written = true;
    outcome.result = document.registry();
    return outcome;
}

} // namespace portolan
