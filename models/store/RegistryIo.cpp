#include "store/RegistryIo.h"

#include "formats/yaml/YamlReader.h"
#include "formats/yaml/YamlWriter.h"
#include "io/AtomicFile.h"
#include "store/ConnectionRetry.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

namespace portolan {

RegistryIo::Format RegistryIo::formatOf(const QString &pathOrUrl)
{
    switch (RegistryLocation::parse(pathOrUrl).kind()) {
    case RegistryLocation::Kind::Database:
        return Format::Postgres;
    case RegistryLocation::Kind::PortolanFile:
        return Format::Portolan;
    case RegistryLocation::Kind::YamlFile:
    case RegistryLocation::Kind::StandardStream:
        break;
    }
    return Format::Yaml;
}

bool RegistryIo::isRegistryFile(const QString &path)
{
    const QString lower = path.toLower();
    return lower.endsWith(QLatin1String(".yaml")) || lower.endsWith(QLatin1String(".yml")) ||
           lower.endsWith(QLatin1String(".portolan"));
}

QString RegistryIo::openFilter()
{
    return QCoreApplication::translate("portolan::RegistryIo",
                                       "Registries (*.yaml *.yml *.portolan);;YAML registries "
                                       "(*.yaml *.yml);;Portolan databases (*.portolan)");
}

QString RegistryIo::saveFilter()
{
    return QCoreApplication::translate("portolan::RegistryIo",
                                       "YAML registry (*.yaml);;Portolan database (*.portolan)");
}

bool RegistryIo::load(const QString &pathOrUrl, Registry &registry, Error &error)
{
    const Format format = RegistryIo::formatOf(pathOrUrl);
    if (format == Format::Yaml) {
        YamlReader reader;
        if (!reader.readFile(pathOrUrl, registry)) {
            error = reader.error();
            return false;
        }
        return true;
    }
    Error message;
    if (format == Format::Postgres) {
        // A server restarting meanwhile: read again on a new connection, for a bounded time.
        const auto attempt = [&](bool *transient, QString *why) {
            std::unique_ptr<Store> store = Store::openUrl(pathOrUrl, &message);
            if (store && store->load(registry))
                return true;
            if (store)
                message = store->error();
            *why = message.toString();
            *transient = store ? store->lastErrorIsConnectionLoss()
                               : ConnectionRetry::isConnectionLoss(*why);
            return false;
        };
        QString why;
        if (ConnectionRetry::run(RegistryLocation::parse(pathOrUrl).displayName(),
                                 QStringLiteral("the read"), attempt, {}, &why))
            return true;
        error = Error::fromText(why);
        return false;
    }
    std::unique_ptr<Store> store = Store::openFile(pathOrUrl, Store::OpenMode::ReadOnly, &message);
    if (store && !store->load(registry))
        message = store->error();
    else if (store)
        return true;
    // Database errors have no line and column; the message names the file or URL itself.
    error = message;
    return false;
}

bool RegistryIo::save(Registry registry, const QString &pathOrUrl, Error *error)
{
    switch (RegistryIo::formatOf(pathOrUrl)) {
    case Format::Yaml: {
        if (AtomicFile::isStandardStream(pathOrUrl)) {
            const QByteArray yaml = YamlWriter::toYaml(registry);
            QFile out;
            if (!out.open(stdout, QIODevice::WriteOnly) || out.write(yaml) != yaml.size() ||
                !out.flush()) {
                *error = Error::fromText(
                    QStringLiteral("standard output: cannot write: %1").arg(out.errorString()));
                return false;
            }
            return true;
        }
        YamlWriter writer;
        if (!writer.writeFile(registry, pathOrUrl)) {
            *error = Error::fromText(writer.error().toString());
            return false;
        }
        return true;
    }
    case Format::Postgres: {
        // Replacing everything is the same however often it runs: a lost connection (even at
        // COMMIT) is simply tried again.
        const auto attempt = [&](bool *transient, QString *why) {
            Registry copy = registry;
            std::unique_ptr<Store> store = Store::openUrl(pathOrUrl, error, /*initialize=*/true);
            if (store && store->replaceAll(copy))
                return true;
            if (store)
                *error = Error::fromText(store->error().toString());
            *why = error->toString();
            *transient = store ? store->lastErrorIsConnectionLoss()
                               : ConnectionRetry::isConnectionLoss(*why);
            return false;
        };
        QString why;
        if (ConnectionRetry::run(RegistryLocation::parse(pathOrUrl).displayName(),
                                 QStringLiteral("the write"), attempt, {}, &why))
            return true;
        *error = Error::fromText(why);
        return false;
    }
    case Format::Portolan:
        break;
    }

    // Build the database beside the file it replaces (a link's target), then rename it over:
    // rename is atomic within a folder, so the target is always either the old file or the
    // complete new one, with the old one's mode, owner and group.
    AtomicFile::Target target;
    if (!AtomicFile::resolveTarget(pathOrUrl, &target, error))
        return false;
    QString temporaryPath;
    {
        QTemporaryFile reserve(AtomicFile::siblingTemplate(target));
        if (!reserve.open()) {
            *error = Error::fromText(
                QStringLiteral("%1: cannot write in the folder %2: %3")
                    .arg(pathOrUrl, QFileInfo(target.path).absolutePath(), reserve.errorString()));
            return false;
        }
        temporaryPath = reserve.fileName();
    }
    // The reservation is gone again; the store creates the file under that name.
    {
        std::unique_ptr<Store> store =
            Store::openFile(temporaryPath, Store::OpenMode::Create, error);
        if (!store) {
            error->message.replace(temporaryPath, pathOrUrl);
            QFile::remove(temporaryPath);
            return false;
        }
        if (!store->replaceAll(registry)) {
            *error = Error::fromText(store->error().toString().replace(temporaryPath, pathOrUrl));
            store.reset();
            QFile::remove(temporaryPath);
            return false;
        }
    }
    return AtomicFile::replaceWith(temporaryPath, target, error);
}

} // namespace portolan
