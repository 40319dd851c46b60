#include "formats/yaml/YamlReader.h"

#include "formats/yaml/AliasReplay.h"
#include "formats/yaml/RegistrySchema.h"
#include "formats/yaml/YamlEventSources.h"
#include "io/InputFile.h"

#include <QFile>

#include <fstream>
#include <istream>
#include <streambuf>

namespace portolan {

bool YamlReader::readFile(const QString &path, Registry &registry)
{
    if (!InputFile::isRegularFile(path)) {
        // Standard input, a FIFO, /dev/stdin: read whole first (they cannot be seeked).
        QByteArray data;
        if (!InputFile::readAll(path, MaxStreamBytes, QStringLiteral("a registry"), &data,
                                &m_error))
            return false;
        return readData(data, InputFile::displayName(path), registry);
    }
    std::ifstream in(QFile::encodeName(path).toStdString(), std::ios::binary);
    if (!in) {
        m_error = {{path, 0, 0}, QStringLiteral("cannot open the file for reading")};
        return false;
    }
    return readStream(in, path, registry);
}

namespace {

// Reads a QByteArray in place (std::istringstream would copy it twice), seekable as the reader
// needs: it looks for NUL bytes first and then parses from the start.
class MemoryBuffer final : public std::streambuf
{
public:
    explicit MemoryBuffer(const QByteArray &data)
    {
        char *begin = const_cast<char *>(data.constData());
        setg(begin, begin, begin + data.size());
    }

protected:
    pos_type seekoff(off_type offset, std::ios_base::seekdir direction,
                     std::ios_base::openmode) override
    {
        char *target = direction == std::ios_base::beg   ? eback() + offset
                       : direction == std::ios_base::cur ? gptr() + offset
                                                         : egptr() + offset;
        if (target < eback() || target > egptr())
            return pos_type(off_type(-1));
        setg(eback(), target, egptr());
        return pos_type(target - eback());
    }
    pos_type seekpos(pos_type position, std::ios_base::openmode mode) override
    {
        return seekoff(off_type(position), std::ios_base::beg, mode);
    }
};

} // namespace

bool YamlReader::readData(const QByteArray &data, const QString &displayName, Registry &registry)
{
    MemoryBuffer buffer(data);
    std::istream in(&buffer);
    return readStream(in, displayName, registry);
}

bool YamlReader::readStream(std::istream &in, const QString &displayName, Registry &registry)
{
    {
        int line = 0;
        int column = 0;
        const bool hasNul = YamlEventSources::findNul(in, &line, &column);
        in.clear();
        in.seekg(0);
        if (hasNul) {
            m_error = {{displayName, line, column},
                       QStringLiteral("NUL byte in the file: not a text registry")};
            return false;
        }
    }
    m_canceled = false;
    in.seekg(0, std::ios::end);
    const qint64 total = qint64(in.tellg());
    in.seekg(0);
    Registry result;
    result.formatVersion = 0; // "portolan" is required; 0 until read
    result.policy.range = PortRange::span(0, 0);
    try {
        // parser -> alias replay -> schema -> assembler
        RegistryAssembler assembler(result);
        RegistrySchema schema(assembler);
        AliasReplay aliases(schema);
        if (m_engine == Engine::YamlCpp)
            YamlEventSources::parseWithYamlCpp(in, aliases);
        else
            YamlEventSources::parseWithLibyaml(in, total, m_progress ? &m_progress : nullptr,
                                               aliases);
        if (!schema.sawRoot()) {
            m_error = {{displayName, 1, 1},
                       QStringLiteral("empty file: expected a registry mapping starting "
                                      "with \"portolan: 1\"")};
            return false;
        }
    } catch (const YamlReadCanceled &) {
        m_canceled = true;
        m_error = {{displayName, 0, 0}, QStringLiteral("reading was canceled")};
        return false;
    } catch (const YamlReadFailure &failure) {
        m_error = {
            {displayName, std::max(failure.mark.line, 0) + 1, std::max(failure.mark.column, 0) + 1},
            failure.message};
        return false;
    } catch (const std::exception &e) {
        m_error = {{displayName, 1, 1},
                   QStringLiteral("cannot read: %1").arg(QString::fromLocal8Bit(e.what()))};
        return false;
    }
    registry = std::move(result);
    return true;
}

} // namespace portolan
