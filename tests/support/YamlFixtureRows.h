#pragma once

// For the data function of a test that reads every YAML file the tests hold. Header only, and
// apart from TestSupport.h: it needs the test's own PORTOLAN_TEST_DATA and PORTOLAN_EXAMPLE,
// and the support library's flags (its precompiled header, which every test reuses) stay as
// they are.

#include "support/TestSupport.h"

#include <QDir>
#include <QDirIterator>
#include <QTest>

namespace portolan::testing {

// A "path" column and a row for each *.yaml under tests/data, then the bundled example.
// Returns how many.
inline int addYamlFixtureRows()
{
    QTest::addColumn<QString>("path");
    const QString data = fromTestFolder(PORTOLAN_TEST_DATA);
    QDirIterator files(data, {QStringLiteral("*.yaml")}, QDir::Files, QDirIterator::Subdirectories);
    int rows = 0;
    while (files.hasNext()) {
        const QString path = files.next();
        QTest::newRow(qPrintable(path.mid(data.size() + 1))) << path;
        ++rows;
    }
    QTest::newRow("example") << fromTestFolder(PORTOLAN_EXAMPLE);
    return rows + 1;
}

} // namespace portolan::testing
