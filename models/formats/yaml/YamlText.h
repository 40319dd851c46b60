#pragma once

#include "domain/ByteWriter.h"
#include "domain/PortRange.h"

#include <QString>

namespace portolan {

// Scalars written straight into YAML text, for exports of a hundred thousand elements: yaml-cpp's
// emitter decides for every key and value, character class by character class, whether it may
// stay plain, which was most of an inventory's time. Here a value stays plain only when a quick
// look proves it safe (letters, digits and . _ / @ : - in safe places; not a YAML 1.1 boolean,
// null or number); anything else is double-quoted with every special character escaped.
class YamlText
{
public:
    static bool isPlainSafe(QStringView value);
    static bool isPlainSafe(QByteArrayView utf8);
    static void appendScalar(ByteWriter &out, QStringView value);
    // A value already in UTF-8, by the same rules.
    static void appendScalar(ByteWriter &out, QByteArrayView utf8);
    static void appendDoubleQuoted(ByteWriter &out, QStringView value);
    // A port or range as PortRange::toString() spells it (20022, 20000-20010).
    static void appendPortRange(ByteWriter &out, const PortRange &range);

private:
    // UTF-8 with YAML's escapes, without the quotes.
    static void appendEscaped(ByteWriter &out, QByteArrayView utf8);
};

} // namespace portolan
