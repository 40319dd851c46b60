#pragma once

#include "check/ValidationState.h"
#include "domain/Error.h"
#include "domain/Registry.h"
#include "formats/yaml/YamlComments.h"

#include <QString>

#include <functional>

namespace portolan {

// A registry as a Document takes it over: the values, their full check, and for a YAML file
// the row ids given out.
struct LoadedRegistry
{
    Registry registry;
    ValidationState checks;
    qint64 lastId = 0;
    // A YAML file: the SHA-256 of the bytes read (a change on disk is a different hash), and
    // where its first comment is, since a save cannot keep comments.
    QByteArray diskHash;
    std::optional<YamlComments::Position> firstComment;
};

// The slow part of opening a registry (reading and checking it in full) as one call that any
// thread may make: it opens its own database connection and touches nothing shared. The app
// runs it on a worker thread behind a progress dialog, then hands the result to
// Document::adopt() on the GUI thread.
class RegistryLoader
{
public:
    // How far it got, 0-1000; returning false cancels the load.
    using Progress = std::function<bool(int permille)>;
    void setProgress(Progress progress) { m_progress = std::move(progress); }

    // A YAML path, a .portolan path or a postgresql:// URL.
    bool load(const QString &pathOrUrl, LoadedRegistry &out);
    bool wasCanceled() const { return m_canceled; }
    Error error() const { return Error::fromText(m_error); }

    // Gives every row of a registry read from YAML an id, as the database would; returns the
    // last id given.
    static qint64 numberRows(Registry &registry);

private:
    bool report(qint64 done, qint64 total, int from, int to);

    Progress m_progress;
    int m_lastPermille = -1;
    bool m_canceled = false;
    QString m_error;
};

} // namespace portolan
