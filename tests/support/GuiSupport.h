#pragma once

// What the widget tests share: finding controls by object name, answering the next modal
// dialog, screenshots on request, a large registry, and a main window on a copy of the example.

#include "domain/Registry.h"
#include "window/MainWindow.h"

#include <QTemporaryDir>
#include <QWidget>

#include <functional>
#include <memory>

namespace portolan::testing {

// Runs `interact` on the next modal dialog once it is shown.
void onNextDialog(const std::function<void(QWidget *)> &interact);

template <typename T>
T *child(QWidget *parent, const QString &name)
{
    T *widget = parent->findChild<T *>(name);
    if (!widget)
        qFatal("no child %s", qPrintable(name));
    return widget;
}

// Saves what the user would see, when PORTOLAN_SCREENSHOTS names a folder.
void screenshot(QWidget *widget, const QString &name);

// The example's policy with devices x services services of two bindings each (one udp), all in
// range and apart, plus one planted conflict: a registry large enough to take a while to open.
Registry largeRegistry(int devices, int services);

// A main window on a copy of the example, made fresh for every test function.
class MainWindowFixture
{
protected:
    void initTestCase();
    // Opens a copy of the example in a fresh, shown main window.
    bool openExample();
    // A private, writable copy of `source` named `name`.
    QString copyOf(const QString &source, const QString &name);

    QTemporaryDir m_dir;
    std::unique_ptr<MainWindow> m_window;
};

} // namespace portolan::testing
