#include "document/RegistryLoader.h"

#include "check/Validator.h"
#include "domain/WellKnownPorts.h"
#include "formats/yaml/YamlReader.h"
#include "io/InputFile.h"
#include "store/RegistryIo.h"
#include "store/RegistryLocation.h"
#include "store/Store.h"

#include <QCryptographicHash>

namespace portolan {

namespace {

// Reading takes most of the time on large files; checking the rest.
constexpr int ReadingEnds = 800;

} // namespace

bool RegistryLoader::report(qint64 done, qint64 total, int from, int to)
{
    if (!m_progress)
        return true;
    const int permille = total > 0 ? from + int((to - from) * done / total) : from;
    if (permille == m_lastPermille)
        return true;
    m_lastPermille = permille;
    if (m_progress(permille))
        return true;
    m_canceled = true;
    return false;
}

bool RegistryLoader::load(const QString &pathOrUrl, LoadedRegistry &out)
{
    m_canceled = false;
    m_lastPermille = -1;
    m_error.clear();
    LoadedRegistry result;
    auto reading = [this](qint64 done, qint64 total) {
        return report(done, total, 0, ReadingEnds);
    };
    if (RegistryIo::formatOf(pathOrUrl) == RegistryIo::Format::Yaml) {
        // The bytes once, for the parser, the hash that tells a later change on disk apart,
        // and the comment check, so all three see the same file.
        QByteArray bytes;
        Error readError;
        if (!InputFile::readAll(pathOrUrl, YamlReader::MaxStreamBytes, QStringLiteral("a registry"),
                                &bytes, &readError)) {
            m_error = readError.toString();
            return false;
        }
        result.diskHash = QCryptographicHash::hash(bytes, QCryptographicHash::Sha256);
        result.firstComment = YamlComments::first(bytes);
        YamlReader reader;
        reader.setProgress(reading);
        if (!reader.readData(bytes, InputFile::displayName(pathOrUrl), result.registry)) {
            m_canceled = reader.wasCanceled();
            m_error = reader.error().toString();
            return false;
        }
        result.lastId = numberRows(result.registry);
    } else {
        // Its own connection: Qt Sql connections belong to the thread that opened them.
        Error openError;
        std::unique_ptr<Store> store =
            RegistryLocation::parse(pathOrUrl).isDatabase()
                ? Store::openUrl(pathOrUrl, &openError)
                : Store::openFile(pathOrUrl, Store::OpenMode::ReadOnly, &openError);
        if (!store) {
            m_error = openError.toString();
            return false;
        }
        if (!store->load(result.registry, reading)) {
            m_canceled = store->wasCanceled();
            m_error = store->error().toString();
            return false;
        }
    }
    const Validator validator(&WellKnownPorts::system());
    if (!result.checks.checkAll(result.registry, validator, [this](int done, int total) {
            return report(done, total, ReadingEnds, 1000);
        })) {
        m_error = QStringLiteral("%1: opening was canceled").arg(pathOrUrl);
        return false;
    }
    out = std::move(result);
    return true;
}

qint64 RegistryLoader::numberRows(Registry &registry)
{
    qint64 lastId = 0;
    registry.policy.key = {1, 1};
    for (Block &block : registry.policy.blocks)
        block.key = {++lastId, 1};
    for (Device &device : registry.devices) {
        device.key = {++lastId, 1};
        for (Service &service : device.services) {
            service.key = {++lastId, 1};
            for (Binding &binding : service.ports)
                binding.key = {++lastId, 1};
        }
    }
    return lastId;
}

} // namespace portolan
