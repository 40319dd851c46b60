#include "document/RegistryUpdate.h"

#include "formats/yaml/YamlComments.h"
#include "formats/yaml/YamlReader.h"
#include "formats/yaml/YamlWriter.h"
#include "io/AtomicFile.h"
#include "io/FileLock.h"
#include "io/InputFile.h"
#include "store/RegistryIo.h"

#include <QCoreApplication>

namespace portolan {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("portolan::RegistryUpdate", text);
}

} // namespace

RegistryUpdate::Outcome RegistryUpdate::apply(const QString &target, const Change &change,
                                              const Options &options)
{
    if (RegistryIo::formatOf(target) == RegistryIo::Format::Yaml)
        return applyToYaml(target, change, options);
    if (databaseApply())
        return databaseApply()(target, change, options);
    Outcome outcome;
    outcome.error = Error::fromText(
        tr("%1: this program cannot update a database (portolan-cli-full can)").arg(target));
    return outcome;
}

RegistryUpdate::DatabaseApply &RegistryUpdate::databaseApply()
{
    static DatabaseApply apply = nullptr;
    return apply;
}

bool RegistryUpdate::databasesEnabled()
{
    return databaseApply() != nullptr;
}

RegistryUpdate::Outcome RegistryUpdate::applyToYaml(const QString &target, const Change &change,
                                                    const Options &options)
{
    Outcome outcome;
    if (AtomicFile::isStandardStream(target)) {
        outcome.error = Error::fromText(tr("-: a registry to update must be a file"));
        return outcome;
    }
    FileLock lock(target);
    if (!options.dryRun && !lock.acquire(-1, options.keepWaiting)) {
        outcome.error = lock.error();
        return outcome;
    }
    QByteArray bytes;
    Error loadError;
    if (!InputFile::readAll(target, YamlReader::MaxStreamBytes, tr("a registry"), &bytes,
                            &loadError)) {
        outcome.error = loadError;
        return outcome;
    }
    Registry current;
    YamlReader reader;
    if (!reader.readData(bytes, target, current)) {
        outcome.error = reader.error();
        return outcome;
    }
    Registry wanted = current;
    if (!change(current, wanted, &outcome.error))
        return outcome;
    outcome.diff = RegistryDiff::compare(current, wanted);
    outcome.ok = true;
    outcome.result = wanted;
    if (outcome.diff.isEmpty() || options.dryRun)
        return outcome;
    if (!options.dropComments) {
        if (const auto comment = YamlComments::first(bytes)) {
            outcome.ok = false;
            outcome.error = Error{{target, comment->line, comment->column},
                                  tr("the file has comments, which writing it back would "
                                     "drop; pass --drop-comments to write it anyway")};
            return outcome;
        }
    }
    // The lock keeps other Portolan writers out, not an editor: the file is read again right
    // before the rename, and an edit made meanwhile is kept (this write is refused).
    const auto unchangedSinceRead = [&](Error *error) {
        QByteArray now;
        Error readError;
        if (InputFile::readAll(target, YamlReader::MaxStreamBytes, tr("a registry"), &now,
                               &readError) &&
            now == bytes)
            return true;
        *error = Error::fromText(tr("%1 changed on disk while the import ran; nothing was "
                                    "written (run the import again)")
                                     .arg(target));
        return false;
    };
    if (!AtomicFile::write(target, YamlWriter::toYaml(wanted), &outcome.error,
                           unchangedSinceRead)) {
        outcome.ok = false;
        return outcome;
    }
    outcome.written = true;
    return outcome;
}

} // namespace portolan
