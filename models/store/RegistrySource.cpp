#include "store/RegistrySource.h"

#include "domain/TextRules.h"

#include "formats/yaml/YamlReader.h"
#include "store/RegistryIo.h"
#include "store/Store.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

namespace portolan {

bool RegistrySource::isGitRevision(const QString &spec)
{
    const qsizetype colon = spec.indexOf(u':');
    if (colon <= 0 || Store::isDatabaseUrl(spec) || spec.contains(QLatin1String("://")))
        return false;
    return !QFileInfo::exists(spec);
}

bool RegistrySource::readGitRevision(const QString &spec, const QString &workingDirectory,
                                     QByteArray *data, Error *error)
{
    // A revision is never an option: "--output=FILE:x" would make git write a file.
    if (spec.startsWith(u'-')) {
        *error = {{TextRules::forTerminal(spec), 0, 0},
                  QStringLiteral("a git revision cannot start with \"-\"")};
        return false;
    }
    QProcess git;
    if (!workingDirectory.isEmpty())
        git.setWorkingDirectory(workingDirectory);
    git.start(QStringLiteral("git"),
              {QStringLiteral("show"), QStringLiteral("--end-of-options"), spec});
    if (!git.waitForStarted(10000)) {
        *error = {{spec, 0, 0}, QStringLiteral("cannot run git: %1").arg(git.errorString())};
        return false;
    }
    git.closeWriteChannel();
    if (!git.waitForFinished(60000) || git.exitStatus() != QProcess::NormalExit ||
        git.exitCode() != 0) {
        const QString said = QString::fromUtf8(git.readAllStandardError()).trimmed();
        *error = {{spec, 0, 0},
                  QStringLiteral("git show %1 failed: %2")
                      .arg(spec, said.isEmpty() ? git.errorString() : said.section(u'\n', 0, 0))};
        return false;
    }
    *data = git.readAllStandardOutput();
    return true;
}

bool RegistrySource::load(const QString &spec, Registry &registry, Error &error,
                          const QString &workingDirectory)
{
    if (!isGitRevision(spec))
        return RegistryIo::load(spec, registry, error);
    QByteArray data;
    if (!readGitRevision(spec, workingDirectory, &data, &error))
        return false;
    if (!spec.endsWith(QLatin1String(".portolan"), Qt::CaseInsensitive)) {
        YamlReader reader;
        if (!reader.readData(data, spec, registry)) {
            error = reader.error();
            return false;
        }
        return true;
    }
    // A database in a revision: opened from a private copy, read only.
    QTemporaryDir dir;
    const QString copy = dir.filePath(QStringLiteral("revision.portolan"));
    QFile file(copy);
    if (!dir.isValid() || !file.open(QIODevice::WriteOnly) || file.write(data) != data.size()) {
        error = {{spec, 0, 0},
                 QStringLiteral("cannot keep a copy of it: %1").arg(file.errorString())};
        return false;
    }
    file.close();
    if (!RegistryIo::load(copy, registry, error)) {
        error.location.file = spec;
        return false;
    }
    return true;
}

QString RegistrySource::repositoryOf(const QString &path)
{
    QProcess git;
    git.setWorkingDirectory(QFileInfo(path).absolutePath());
    git.start(QStringLiteral("git"),
              {QStringLiteral("rev-parse"), QStringLiteral("--show-toplevel")});
    if (!git.waitForStarted(5000) || !git.waitForFinished(10000) || git.exitCode() != 0)
        return QString();
    return QString::fromUtf8(git.readAllStandardOutput()).trimmed();
}

} // namespace portolan
