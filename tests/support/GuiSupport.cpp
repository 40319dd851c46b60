#include "support/GuiSupport.h"

#include "domain/TranslationLoader.h"
#include "formats/yaml/YamlReader.h"
#include "support/TestSupport.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

namespace portolan::testing {

// Runs `interact` on the next modal dialog once it is shown.
void onNextDialog(const std::function<void(QWidget *)> &interact)
{
    QTimer::singleShot(0, [interact] {
        QWidget *dialog = QApplication::activeModalWidget();
        if (!dialog) {
            // The dialog is not up yet: try again shortly.
            onNextDialog(interact);
            return;
        }
        interact(dialog);
    });
}

// Saves what the user would see, when PORTOLAN_SCREENSHOTS names a folder.
void screenshot(QWidget *widget, const QString &name)
{
    const QString folder = qEnvironmentVariable("PORTOLAN_SCREENSHOTS");
    if (folder.isEmpty())
        return;
    QDir().mkpath(folder);
    // Let pending layout requests settle, as they would before the next paint.
    widget->adjustSize();
    QTest::qWait(50);
    widget->grab().save(QDir(folder).filePath(name + QStringLiteral(".png")));
}

// The example's policy with devices x services services of two bindings each (one udp), all in
// range and apart, plus one planted conflict: a registry large enough to take a while to open.
Registry largeRegistry(int devices, int services)
{
    YamlReader reader;
    Registry registry;
    if (!reader.readFile(fromTestFolder(PORTOLAN_EXAMPLE), registry))
        return registry;
    registry.devices.clear();
    for (int d = 0; d < devices; ++d) {
        Device device;
        device.name = QStringLiteral("host%1").arg(d);
        device.ip = QStringLiteral("10.1.%1.%2").arg(d / 250).arg(d % 250 + 1);
        for (int s = 0; s < services; ++s) {
            Service service;
            service.name = QStringLiteral("svc%1").arg(s);
            service.category = QStringLiteral("monitoring");
            const int port = 21000 + (s * 2) % 1000;
            Binding tcp;
            tcp.host = PortRange::single(port);
            tcp.container = PortRange::single(8080);
            tcp.exception = QStringLiteral("agent");
            Binding udp = tcp;
            udp.host = PortRange::single(port + 1);
            udp.protocol = QStringLiteral("udp");
            service.ports = {tcp, udp};
            device.services.append(service);
        }
        registry.devices.append(device);
    }
    registry.devices[0].services[1].ports[0].host = PortRange::single(21000); // clashes with svc0
    return registry;
}

void MainWindowFixture::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication::setApplicationName(QStringLiteral("portolan-tests"));
    // As the app does: the plural forms come from the English catalogue.
    QVERIFY(TranslationLoader::install());
}

bool MainWindowFixture::openExample()
{
    m_window = std::make_unique<MainWindow>();
    m_window->resize(1360, 820);
    m_window->show();
    if (!QTest::qWaitForWindowExposed(m_window.get()))
        return false;
    return m_window->openLocation(
        copyOf(fromTestFolder(PORTOLAN_EXAMPLE), QStringLiteral("example.yaml")));
}

QString MainWindowFixture::copyOf(const QString &source, const QString &name)
{
    const QString path = m_dir.filePath(name);
    QFile::remove(path);
    QFile::copy(source, path);
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);
    return path;
}

} // namespace portolan::testing
