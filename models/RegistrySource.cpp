#include "RegistrySource.h"

#include "Store.h"
#include "YamlReader.h"
#include "YamlWriter.h"
#include "store/AtomicFile.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>


namespace portolan {

RegistryFormat formatOf(const QString &pathOrUrl)
{
    if (Store::isDatabaseUrl(pathOrUrl))
        return RegistryFormat::Postgres;
    if (pathOrUrl.endsWith(QLatin1String(".portolan"), Qt::CaseInsensitive))
        return RegistryFormat::Portolan;
    // Anything else is read as YAML: a registry named without an extension is still one.
    return RegistryFormat::Yaml;
}

bool loadRegistry(const QString &pathOrUrl, Registry &registry, LoadError &error)
{
    const RegistryFormat format = formatOf(pathOrUrl);
    if (format == RegistryFormat::Yaml) {
        YamlReader reader;
        if (!reader.readFile(pathOrUrl, registry)) {
            error = reader.error();
            return false;
        }
        return true;
    }
    QString message;
    std::unique_ptr<Store> store =
        format == RegistryFormat::Postgres
            ? Store::openUrl(pathOrUrl, &message)
            : Store::openFile(pathOrUrl, Store::OpenMode::ReadOnly, &message);
    if (store && !store->load(registry))
        message = store->errorString();
    else if (store)
        return true;
    // Database errors have no line and column; the message names the file or URL itself.
    error = {{QString(), 0, 0}, message};
    return false;
}

bool saveRegistry(Registry registry, const QString &pathOrUrl, QString *error)
{
    switch (formatOf(pathOrUrl)) {
    case RegistryFormat::Yaml: {
        if (AtomicFile::isStandardStream(pathOrUrl)) {
            const QByteArray yaml = YamlWriter::toYaml(registry);
            QFile out;
            if (!out.open(stdout, QIODevice::WriteOnly) || out.write(yaml) != yaml.size() ||
                !out.flush()) {
                *error = QStringLiteral("standard output: cannot write: %1").arg(out.errorString());
                return false;
            }
            return true;
        }
        YamlWriter writer;
        if (!writer.writeFile(registry, pathOrUrl)) {
            *error = writer.errorString();
            return false;
        }
        return true;
    }
    case RegistryFormat::Postgres: {
        std::unique_ptr<Store> store = Store::openUrl(pathOrUrl, error, /*initialize=*/true);
        if (!store)
            return false;
        if (!store->replaceAll(registry)) {
            *error = store->errorString();
            return false;
        }
        return true;
    }
    case RegistryFormat::Portolan:
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
            *error = QStringLiteral("%1: cannot write in the folder %2: %3")
                         .arg(pathOrUrl, QFileInfo(target.path).absolutePath(),
                              reserve.errorString());
            return false;
        }
        temporaryPath = reserve.fileName();
    }
    // The reservation is gone again; the store creates the file under that name.
    {
        std::unique_ptr<Store> store =
            Store::openFile(temporaryPath, Store::OpenMode::Create, error);
        if (!store) {
            error->replace(temporaryPath, pathOrUrl);
            QFile::remove(temporaryPath);
            return false;
        }
        if (!store->replaceAll(registry)) {
            *error = store->errorString().replace(temporaryPath, pathOrUrl);
            store.reset();
            QFile::remove(temporaryPath);
            return false;
        }
    }
    return AtomicFile::replaceWith(temporaryPath, target, error);
}

} // namespace portolan
