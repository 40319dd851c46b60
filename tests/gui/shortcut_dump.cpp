// Prints the main window's actions with their shortcuts, and every standard key's bindings,
// under whatever platform theme it runs (tst_shortcuts runs it on X11 as GNOME, KDE and plain
// X11): the bindings come from the theme, so they cannot be read from one offscreen process.
#include "window/MainActions.h"
#include "window/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QMetaEnum>
#include <QStandardPaths>
#include <QTextStream>

int main(int argc, char *argv[])
{
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    portolan::MainWindow window;
    QTextStream out(stdout);
    auto keys = [](const QList<QKeySequence> &sequences) {
        QStringList list;
        for (const QKeySequence &sequence : sequences)
            list << sequence.toString(QKeySequence::PortableText);
        return list.join(u'\t');
    };
    const QList<QAction *> actions = window.findChildren<QAction *>();
    for (const QAction *action : actions) {
        if (action->shortcuts().isEmpty())
            continue;
        const QVariant standard = action->property(portolan::MainActions::StandardKeyProperty);
        out << "action\t" << action->objectName() << '\t'
            << (standard.isValid() ? standard.toInt() : -1) << '\t' << keys(action->shortcuts())
            << '\n';
    }
    const QMetaEnum standardKeys = QMetaEnum::fromType<QKeySequence::StandardKey>();
    for (int i = 0; i < standardKeys.keyCount(); ++i) {
        const auto key = QKeySequence::StandardKey(standardKeys.value(i));
        const QList<QKeySequence> bindings = QKeySequence::keyBindings(key);
        if (!bindings.isEmpty())
            out << "standard\t" << standardKeys.key(i) << '\t' << int(key) << '\t' << keys(bindings)
                << '\n';
    }
    return 0;
}
