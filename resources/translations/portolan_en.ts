<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>DriftCommand</name>
    <message numerus="yes">
        <source>%n device(s) checked over ssh: %1 agree, %2 drift, %3 could not be read</source>
        <translation>
            <numerusform>%n device checked over ssh: %1 agree, %2 drift, %3 could not be read</numerusform>
            <numerusform>%n devices checked over ssh: %1 agree, %2 drift, %3 could not be read</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MarkdownImportPlan</name>
    <message numerus="yes">
        <source>%n service(s) with no host port in a block of the range to take a category from: %1; name one (--category PURPOSE; in the app, Category)</source>
        <translation>
            <numerusform>%n service with no host port in a block of the range to take a category from: %1; name one (--category PURPOSE; in the app, Category)</numerusform>
            <numerusform>%n services with no host port in a block of the range to take a category from: %1; name one (--category PURPOSE; in the app, Category)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Validator</name>
    <message numerus="yes">
        <source> and %n more binding(s) before it</source>
        <translation>
            <numerusform> and %n more binding before it</numerusform>
            <numerusform> and %n more bindings before it</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::AuditController</name>
    <message numerus="yes">
        <source>Auditing %n Device(s)</source>
        <translation>
            <numerusform>Auditing %n Device</numerusform>
            <numerusform>Auditing %n Devices</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 and %n more</numerusform>
            <numerusform>%1 and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n udp/sctp port(s) no probe can tell</source>
        <translation>
            <numerusform>%n udp/sctp port no probe can tell</numerusform>
            <numerusform>%n udp/sctp ports no probe can tell</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Looking again at %n port(s) of %1 that did not answer, waiting up to %2 s each</source>
        <translation>
            <numerusform>Looking again at %n port of %1 that did not answer, waiting up to %2 s each</numerusform>
            <numerusform>Looking again at %n ports of %1 that did not answer, waiting up to %2 s each</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::DeviceDialog</name>
    <message numerus="yes">
        <source>Connected: %n socket(s) listening</source>
        <translation>
            <numerusform>Connected: %n socket listening</numerusform>
            <numerusform>Connected: %n sockets listening</numerusform>
        </translation>
    </message>
</context>
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
    <name>portolan::DialogEditCommit</name>
    <message numerus="yes">
        <source>Someone else changed what you edited while the dialog was open, in %n place(s): %1. Nothing is written until you choose.</source>
        <translation>
            <numerusform>Someone else changed what you edited while the dialog was open, in %n place: %1. Nothing is written until you choose.</numerusform>
            <numerusform>Someone else changed what you edited while the dialog was open, in %n places: %1. Nothing is written until you choose.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::Document</name>
    <message numerus="yes">
        <source>Your edits are written to %1; yours were kept where both of you changed the same value (%n element(s)).</source>
        <translation>
            <numerusform>Your edits are written to %1; yours were kept where both of you changed the same value (%n element).</numerusform>
            <numerusform>Your edits are written to %1; yours were kept where both of you changed the same value (%n elements).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reloaded %1 and reapplied your edits; theirs were kept where both of you changed the same value (%n element(s)).</source>
        <translation>
            <numerusform>Reloaded %1 and reapplied your edits; theirs were kept where both of you changed the same value (%n element).</numerusform>
            <numerusform>Reloaded %1 and reapplied your edits; theirs were kept where both of you changed the same value (%n elements).</numerusform>
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
    <message numerus="yes">
        <source>Someone else changed what you edited, in %n place(s): %1. Your edits are kept here, not written yet.</source>
        <translation>
            <numerusform>Someone else changed what you edited, in %n place: %1. Your edits are kept here, not written yet.</numerusform>
            <numerusform>Someone else changed what you edited, in %n places: %1. Your edits are kept here, not written yet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>portolan::DriftController</name>
    <message numerus="yes">
        <source>Check canceled: %n device(s) read before.</source>
        <translation>
            <numerusform>Check canceled: %n device read before.</numerusform>
            <numerusform>Check canceled: %n devices read before.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unplanned port(s) of %1 become bindings of:</source>
        <translation>
            <numerusform>%n unplanned port of %1 become bindings of:</numerusform>
            <numerusform>%n unplanned ports of %1 become bindings of:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Adopt %n unplanned port(s) of %1</source>
        <translation>
            <numerusform>Adopt %n unplanned port of %1</numerusform>
            <numerusform>Adopt %n unplanned ports of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s)</source>
        <translation>
            <numerusform>%n difference</numerusform>
            <numerusform>%n differences</numerusform>
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
    <message numerus="yes">
        <source>Adopt All %n Unplanned…</source>
        <translation>
            <numerusform>Adopt All %n Unplanned…</numerusform>
            <numerusform>Adopt All %n Unplanned…</numerusform>
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
    <message numerus="yes">
        <source>%1; and %n more (the Changes dock lists every one)</source>
        <translation>
            <numerusform>%1; and %n more (the Changes dock lists every one)</numerusform>
            <numerusform>%1; and %n more (the Changes dock lists every one)</numerusform>
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
