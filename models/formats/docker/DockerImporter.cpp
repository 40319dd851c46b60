#include "formats/FormatRegistry.h"

#include "formats/compose/ImportPlan.h"
#include "formats/docker/DockerReader.h"
#include "io/InputFile.h"

#include <QCoreApplication>

namespace portolan {

namespace {

// `import docker`: adopts what runs on a host. Saved `docker ps --format '{{json .}}'` (or
// `docker inspect`) output becomes services with their published ports, routes from their
// proxy labels and images, merged exactly as a compose file is.
class DockerImporter final : public Importer
{
    Q_DECLARE_TR_FUNCTIONS(DockerImporter)

public:
    DockerImporter()
        : Importer({QStringLiteral("docker"), tr("Running Containers"),
                    tr("the containers running on a device (saved docker ps or docker inspect "
                       "JSON)"),
                    tr("Docker JSON (*.json *.jsonl *.txt);;All files (*)")})
    {}

    QList<FormatOption> options() const override
    {
        return {FormatOption::device(tr("The device the containers run on.")), categoryOption()};
    }

    std::unique_ptr<PreparedImport> read(const QString &path, const FormatValues &values,
                                         Error *error) const override
    {
        DockerReader reader;
        if (!reader.readFile(path)) {
            *error = reader.error();
            return nullptr;
        }
        return prepareServicesImport(reader.services(), values.value(QStringLiteral("device")),
                                     values.value(QStringLiteral("category")),
                                     InputFile::displayName(path));
    }
};

} // namespace

const Importer &dockerImporter()
{
    static const DockerImporter format;
    return format;
}

} // namespace portolan
