#include "io/AtomicFile.h"
#include "store/RegistryIo.h"
#include "support/TestSupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace portolan;
using namespace portolan::testing;

// Every write of a registry, export or PDF: all or nothing, with the OS's reason, and never
// anything but a regular file replaced.
class TestAtomicFile : public QObject
{
    Q_OBJECT

private slots:
    void writesAndReplaces();
    void fullDiskKeepsTheOldFile();
    void fullDiskCommandsExitTwoAndKeepTheTarget_data();
    void fullDiskCommandsExitTwoAndKeepTheTarget();
    void refusesWhatIsNotARegularFile_data();
    void refusesWhatIsNotARegularFile();
    void writesThroughSymbolicLinks();
    void keepsModeOwnerAndGroup_data();
    void keepsModeOwnerAndGroup();
    void readOnlyFolderIsNamed();
    void dashIsStandardOutput();

private:
    QTemporaryDir m_dir;
};

void TestAtomicFile::writesAndReplaces()
{
    const QString path = m_dir.filePath(QStringLiteral("plain.txt"));
    Error error;
    QVERIFY2(AtomicFile::write(path, "one\n", &error), qPrintable(error.toString()));
    QCOMPARE(fileBytes(path), QByteArray("one\n"));
    QVERIFY2(AtomicFile::write(path, "two\n", &error), qPrintable(error.toString()));
    QCOMPARE(fileBytes(path), QByteArray("two\n"));
    // Nothing is left beside it.
    QCOMPARE(QDir(m_dir.path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("plain.txt")});
}

void TestAtomicFile::fullDiskKeepsTheOldFile()
{
    FullDisk disk;
    QVERIFY2(disk.isValid(), qPrintable(disk.error()));
    const QString path = disk.path(QStringLiteral("reg.yaml"));
    QVERIFY(copyExample(path));
    const QByteArray before = fileBytes(path);
    QVERIFY(disk.fill());
    Error error;
    {
        const FullDisk::Limit limit(disk);
        QVERIFY(!AtomicFile::write(path, before + "# more\n", &error));
    }
    QVERIFY2(error.toString().contains(disk.expectedReason()), qPrintable(error.toString()));
    QVERIFY2(error.toString().startsWith(path + QStringLiteral(": cannot write: ")),
             qPrintable(error.toString()));
    QCOMPARE(fileBytes(path), before);
    const QStringList left = QDir(QFileInfo(path).absolutePath())
                                 .entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    QVERIFY2(left.size() <= 2, qPrintable(left.join(u' '))); // reg.yaml and the filler
}

void TestAtomicFile::fullDiskCommandsExitTwoAndKeepTheTarget_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("arguments");
    const QString compose = fromTestFolder(PORTOLAN_TEST_DATA "/compose/mixed.yml");
    const QString env = fromTestFolder(PORTOLAN_TEST_DATA "/compose/mixed.env");
    QTest::newRow("convert to yaml")
        << QStringLiteral("reg.yaml")
        << QStringList{QStringLiteral("convert"), fromTestFolder(PORTOLAN_EXAMPLE), QString()};
    QTest::newRow("convert to portolan")
        << QStringLiteral("reg.portolan")
        << QStringList{QStringLiteral("convert"), fromTestFolder(PORTOLAN_EXAMPLE), QString()};
    QTest::newRow("import compose into yaml")
        << QStringLiteral("reg.yaml") << QStringList{QStringLiteral("import"),
                                                     QStringLiteral("compose"),
                                                     compose,
                                                     QStringLiteral("--device"),
                                                     QStringLiteral("helios"),
                                                     QStringLiteral("--env-file"),
                                                     env,
                                                     QStringLiteral("--into")};
}

void TestAtomicFile::fullDiskCommandsExitTwoAndKeepTheTarget()
{
    QFETCH(QString, target);
    QFETCH(QStringList, arguments);
    FullDisk disk;
    QVERIFY2(disk.isValid(), qPrintable(disk.error()));
    const QString path = disk.path(target);
    QVERIFY(copyExample(path));
    if (arguments.last().isEmpty())
        arguments.last() = path;
    else
        arguments << path;
    const QByteArray before = fileBytes(path);
    QVERIFY(disk.fill());
    const ProcessResult result = runProgram(fromTestFolder(PORTOLAN_CLI), arguments, {}, 60000,
                                            [&disk](QProcess &process) { disk.prepare(process); });
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.errText().contains(path), result.err.constData());
    if (target.endsWith(QLatin1String(".yaml")))
        QVERIFY2(result.errText().contains(disk.expectedReason()), result.err.constData());
    QCOMPARE(fileBytes(path), before);
}

void TestAtomicFile::refusesWhatIsNotARegularFile_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("character device") << QStringLiteral("a character device");
    QTest::newRow("fifo") << QStringLiteral("a FIFO");
    QTest::newRow("folder") << QStringLiteral("a folder");
    QTest::newRow("socket") << QStringLiteral("a socket");
    QTest::newRow("link to a device") << QStringLiteral("a character device");
}

void TestAtomicFile::refusesWhatIsNotARegularFile()
{
    QFETCH(QString, kind);
    QString path;
    int socketFd = -1;
    const QByteArray tag = QTest::currentDataTag();
    if (tag == "character device") {
        path = QStringLiteral("/dev/null");
    } else if (tag == "link to a device") {
        path = m_dir.filePath(QStringLiteral("stdout-link"));
        QFile::remove(path);
        QVERIFY(QFile::link(QStringLiteral("/dev/null"), path));
    } else if (tag == "fifo") {
        path = m_dir.filePath(QStringLiteral("fifo"));
        QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
    } else if (tag == "folder") {
        path = m_dir.filePath(QStringLiteral("folder"));
        QVERIFY(QDir().mkpath(path));
    } else {
        path = m_dir.filePath(QStringLiteral("sock"));
        socketFd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const QByteArray name = QFile::encodeName(path);
        qstrncpy(address.sun_path, name.constData(), sizeof address.sun_path);
        QVERIFY(::bind(socketFd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0);
    }
    struct stat before;
    QVERIFY(::stat(QFile::encodeName(path).constData(), &before) == 0);
    Error error;
    QVERIFY(!AtomicFile::write(path, "portolan: 1\n", &error));
    QVERIFY2(error.toString().contains(kind), qPrintable(error.toString()));
    QVERIFY2(error.toString().contains(QLatin1String("only a regular file")),
             qPrintable(error.toString()));
    // The registry path too (YAML through the writer, .portolan through the store).
    Registry registry;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), registry, loadError));
    QVERIFY(!RegistryIo::save(registry, path, &error));
    struct stat after;
    QVERIFY(::stat(QFile::encodeName(path).constData(), &after) == 0);
    QCOMPARE(after.st_mode & S_IFMT, before.st_mode & S_IFMT);
    QCOMPARE(after.st_ino, before.st_ino);
    if (socketFd >= 0)
        ::close(socketFd);
}

void TestAtomicFile::writesThroughSymbolicLinks()
{
    QTemporaryDir dir;
    const QString real = dir.filePath(QStringLiteral("real/reg.yaml"));
    QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("real"))));
    QVERIFY(copyExample(real));
    const QString link = dir.filePath(QStringLiteral("reg.yaml"));
    QVERIFY(QFile::link(QStringLiteral("real/reg.yaml"), link)); // relative, as people make them
    Error error;
    QVERIFY2(AtomicFile::write(link, "portolan: 1\n", &error), qPrintable(error.toString()));
    QVERIFY(QFileInfo(link).isSymLink());
    QCOMPARE(fileBytes(real), QByteArray("portolan: 1\n"));

    // A .portolan behind a link is replaced at its target too.
    const QString realDb = dir.filePath(QStringLiteral("real/reg.portolan"));
    QVERIFY(copyExample(realDb));
    const QString linkDb = dir.filePath(QStringLiteral("reg.portolan"));
    QVERIFY(QFile::link(realDb, linkDb));
    Registry registry;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), registry, loadError));
    registry.devices.removeLast();
    QVERIFY2(RegistryIo::save(registry, linkDb, &error), qPrintable(error.toString()));
    QVERIFY(QFileInfo(linkDb).isSymLink());
    Registry back;
    QVERIFY(RegistryIo::load(realDb, back, loadError));
    QCOMPARE(back.devices.size(), registry.devices.size());

    // A dangling link is refused: it could name a place outside the folder (issue 27), and
    // nothing is created there or beside the link.
    const QString dangling = dir.filePath(QStringLiteral("new.yaml"));
    QVERIFY(QFile::link(QStringLiteral("real/new.yaml"), dangling));
    QVERIFY(!AtomicFile::write(dangling, "x\n", &error));
    QVERIFY2(error.toString().contains(QLatin1String("which does not exist")),
             qPrintable(error.toString()));
    QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("real/new.yaml"))));
    const QString outside = dir.filePath(QStringLiteral("out.yaml"));
    const QString elsewhere = QStringLiteral("/tmp/portolan-outside-") +
                              QUuid::createUuid().toString(QUuid::WithoutBraces);
    QVERIFY(QFile::link(elsewhere, outside));
    QVERIFY(!AtomicFile::write(outside, "x\n", &error));
    QVERIFY(!QFileInfo::exists(elsewhere));
    // The two links, and the two links made before: no temporary file was left.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::System | QDir::Hidden, QDir::Name),
             (QStringList{QStringLiteral("new.yaml"), QStringLiteral("out.yaml"),
                          QStringLiteral("reg.portolan"), QStringLiteral("reg.yaml")}));
}

void TestAtomicFile::keepsModeOwnerAndGroup_data()
{
    QTest::addColumn<QString>("name");
    QTest::newRow("yaml") << QStringLiteral("kept.yaml");
    QTest::newRow("portolan") << QStringLiteral("kept.portolan");
}

void TestAtomicFile::keepsModeOwnerAndGroup()
{
    QFETCH(QString, name);
    const QString path = m_dir.filePath(name);
    QVERIFY(copyExample(path));
    const QByteArray encoded = QFile::encodeName(path);
    QVERIFY(::chmod(encoded.constData(), 0640) == 0);
    const bool root = ::geteuid() == 0;
    // As root, give it to somebody else; otherwise it stays ours (what we may keep).
    const uid_t owner = root ? 65534 : ::geteuid();
    const gid_t group = root ? 65534 : ::getegid();
    if (root)
        QVERIFY(::chown(encoded.constData(), owner, group) == 0);
    Registry registry;
    Error loadError;
    QVERIFY(RegistryIo::load(fromTestFolder(PORTOLAN_EXAMPLE), registry, loadError));
    registry.devices[0].description = QStringLiteral("changed");
    Error error;
    QVERIFY2(RegistryIo::save(registry, path, &error), qPrintable(error.toString()));
    struct stat info;
    QVERIFY(::stat(encoded.constData(), &info) == 0);
    QCOMPARE(info.st_mode & 07777, mode_t(0640));
    QCOMPARE(info.st_uid, owner);
    QCOMPARE(info.st_gid, group);
    Registry back;
    QVERIFY(RegistryIo::load(path, back, loadError));
    QCOMPARE(back.devices[0].description, QStringLiteral("changed"));
}

void TestAtomicFile::readOnlyFolderIsNamed()
{
    QTemporaryDir dir;
    const QString folder = dir.filePath(QStringLiteral("locked"));
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + QStringLiteral("/reg.yaml");
    QVERIFY(copyExample(path));
    const QByteArray before = fileBytes(path);
    Error error;
    bool written = true;
    {
        const ReadOnlyFolder readOnly(folder);
        QVERIFY(readOnly.isReadOnly());
        written = AtomicFile::write(path, "portolan: 1\n", &error);
    }
    QVERIFY(!written);
    QVERIFY2(error.toString().contains(QStringLiteral("cannot write in the folder ") +
                                       QFileInfo(folder).absoluteFilePath()),
             qPrintable(error.toString()));
    QVERIFY2(error.toString().contains(QLatin1String("Read-only file system")) ||
                 error.toString().contains(QLatin1String("Permission denied")),
             qPrintable(error.toString()));
    QCOMPARE(fileBytes(path), before);
}

void TestAtomicFile::dashIsStandardOutput()
{
    const ProcessResult result = runProgram(
        fromTestFolder(PORTOLAN_CLI),
        {QStringLiteral("convert"), fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("-")});
    QCOMPARE(result.exitCode, 0);
    QCOMPARE(result.out, fileBytes(fromTestFolder(PORTOLAN_EXAMPLE)));
    QVERIFY(!QFileInfo::exists(QStringLiteral("-")));
    const ProcessResult device = runProgram(
        fromTestFolder(PORTOLAN_CLI), {QStringLiteral("convert"), fromTestFolder(PORTOLAN_EXAMPLE),
                                       QStringLiteral("/dev/stdout")});
    QCOMPARE(device.exitCode, 2);
    QVERIFY2(device.errText().contains(QLatin1String("use - for standard output")),
             device.err.constData());
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomicfile.moc"
