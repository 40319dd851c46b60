#pragma once

#include "domain/Error.h"
#include "domain/Registry.h"
#include "formats/Importer.h"
#include "formats/compose/ComposeReader.h"

#include <QStringList>

#include <memory>

namespace portolan {

// What an import changes in a device: services added or updated (matched by name), each with
// the bindings and route it will have. Existing bindings that match an imported one keep their
// exception and notes, so importing the same file twice changes nothing.
struct ImportPlan
{
    struct Item
    {
        int existing = -1; // service index on the device, -1: new
        Service service;
        QStringList changes;
    };
    QVector<Item> items;
    QStringList warnings;

    bool isEmpty() const;
    // Applies to a registry in memory (the command line); the app builds undo commands instead.
    void applyTo(Registry &registry, int deviceIndex) const;
    QString describe() const;
};

// category: for new services whose host ports fall in no block; empty: such services are an
// error with `error` saying which.
// Whether `category` is the purpose of a block of the range that is not reserved; *known lists
// those that are, for the message.
bool isPlannedCategory(const Policy &policy, const QString &category, QString *known);

// profiles: the active ones (--profile, COMPOSE_PROFILES; "*" all): a service with profiles is
// imported when one of them is active, as `docker compose up` starts it.
bool planComposeImport(const Registry &registry, int deviceIndex,
                       const QVector<ComposeService> &services, const QString &category,
                       const QStringList &profiles, ImportPlan *plan, Error *error);

// The import of services read from a compose file or from running containers onto one device,
// planned by planComposeImport when it is merged.
std::unique_ptr<PreparedImport> prepareServicesImport(QVector<ComposeService> services,
                                                      QString device, QString category,
                                                      QString source, QStringList readWarnings = {},
                                                      QStringList profiles = {});

// Shared by the compose and Markdown imports: the bindings a service gets, keeping exceptions
// and notes of existing bindings that match one imported.
QVector<Binding> mergeBindings(const QVector<Binding> &existing, const QVector<Binding> &imported);

} // namespace portolan
