<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>portolan::DeviceListModel</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::DocumentController</name>
    <message numerus="yes">
        <source>Reloaded %1 and reapplied your edits, except %n that collided with the change on disk (the file&apos;s version was kept): %2</source>
        <translation>
            <numerusform>Reloaded %1 and reapplied your edits, except %n that collided with the change on disk (the file's version was kept): %2</numerusform>
            <numerusform>Reloaded %1 and reapplied your edits, except %n that collided with the change on disk (the file's version was kept): %2</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::DriftDialog</name>
    <message numerus="yes">
        <source>%n difference(s) between the plan of %1 and %2.</source>
        <translation>
            <numerusform>%n difference between the plan of %1 and %2.</numerusform>
            <numerusform>%n differences between the plan of %1 and %2.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::EditController</name>
    <message numerus="yes">
        <source>Delete device %1 with its %n service(s)?</source>
        <translation>
            <numerusform>Delete device %1 with its %n service?</numerusform>
            <numerusform>Delete device %1 with its %n services?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Deleted device %1 with its %n service(s).</source>
        <translation>
            <numerusform>Deleted device %1 with its %n service.</numerusform>
            <numerusform>Deleted device %1 with its %n services.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::FindingsDock</name>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::HeatmapWidget</name>
    <message numerus="yes">
        <source>+%n more</source>
        <translation>
            <numerusform>+%n more</numerusform>
            <numerusform>+%n more</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::ImportExportController</name>
    <message numerus="yes">
        <source>Nothing was exported: %n value(s) would be written that break their rule (invalid-value in the Findings dock). First: %1</source>
        <translation>
            <numerusform>Nothing was exported: %n value would be written that break their rule (invalid-value in the Findings dock). First: %1</numerusform>
            <numerusform>Nothing was exported: %n values would be written that break their rule (invalid-value in the Findings dock). First: %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::MainWindow</name>
    <message numerus="yes">
        <source>%n device(s)</source>
        <translation>
            <numerusform>%n device</numerusform>
            <numerusform>%n devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n service(s)</source>
        <translation>
            <numerusform>%n service</numerusform>
            <numerusform>%n services</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n binding(s)</source>
        <translation>
            <numerusform>%n binding</numerusform>
            <numerusform>%n bindings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::RangePage</name>
    <message numerus="yes">
        <source>%n free port(s), %1</source>
        <translation>
            <numerusform>%n free port, %1</numerusform>
            <numerusform>%n free ports, %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::SearchDock</name>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n result</numerusform>
            <numerusform>%n results</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>on %n device(s)</source>
        <translation>
            <numerusform>on %n device</numerusform>
            <numerusform>on %n devices</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::ValidatedDialog</name>
    <message numerus="yes">
        <source>Fix %n error(s) to continue.</source>
        <translation>
            <numerusform>Fix %n error to continue.</numerusform>
            <numerusform>Fix %n errors to continue.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s): allowed, but worth a look.</source>
        <translation>
            <numerusform>%n warning: allowed, but worth a look.</numerusform>
            <numerusform>%n warnings: allowed, but worth a look.</numerusform>
        </translation>
    </message>
</context>
</TS>
