<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
<context>
    <name>FactsView</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/panel/facts_view.py" line="+164"/>
        <source>%n adjacent parcel(s)</source>
        <translation>
            <numerusform>%n adjacent parcel</numerusform>
            <numerusform>%n adjacent parcels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+26"/>
        <source>%n building(s)</source>
        <translation>
            <numerusform>%n building</numerusform>
            <numerusform>%n buildings</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/filter_bar.py" line="+190"/>
        <source>Older than %n months</source>
        <translation>
            <numerusform>Older than %n month</numerusform>
            <numerusform>Older than %n months</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/panel/history_view.py" line="+53"/>
        <source>replaces %n</source>
        <translation>
            <numerusform>replaces %n</numerusform>
            <numerusform>replaces %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/main_window.py" line="+369"/>
        <source>%Ln parcel(s) loaded</source>
        <translation>
            <numerusform>%Ln parcel loaded</numerusform>
            <numerusform>%Ln parcels loaded</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+257"/>
        <source>%1 of %Ln parcel(s) shown</source>
        <translation>
            <numerusform>%1 of %Ln parcel shown</numerusform>
            <numerusform>%1 of %Ln parcels shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln parcel(s)</source>
        <translation>
            <numerusform>%Ln parcel</numerusform>
            <numerusform>%Ln parcels</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ParcelTableModel</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/parcel_table_model.py" line="+360"/>
        <source>Survey topics with a current value, of %n</source>
        <translation>
            <numerusform>Survey topics with a current value, of %n</numerusform>
            <numerusform>Survey topics with a current value, of %n</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ParkFactsDialog</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/park_facts_dialog.py" line="+206"/>
        <source>Conflict: %n different versions were recorded (on different laptops). The form shows the newest; saving resolves the conflict.</source>
        <translation>
            <numerusform>Conflict: %n different version was recorded (on different laptops). The form shows the newest; saving resolves the conflict.</numerusform>
            <numerusform>Conflict: %n different versions were recorded (on different laptops). The form shows the newest; saving resolves the conflict.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/panel/photo_strip.py" line="+261"/>
        <source>Photos (%n)</source>
        <translation>
            <numerusform>Photos (%n)</numerusform>
            <numerusform>Photos (%n)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+46"/>
        <source>%n photo(s) were already with this parcel and were not added again.</source>
        <translation>
            <numerusform>%n photo was already with this parcel and was not added again.</numerusform>
            <numerusform>%n photos were already with this parcel and were not added again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RestoreDraftsBox</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/first_start.py" line="+107"/>
        <source>OTB Desktop was closed before entries for %n parcel(s) were saved.</source>
        <translation>
            <numerusform>OTB Desktop was closed before the entries for %n parcel were saved.</numerusform>
            <numerusform>OTB Desktop was closed before the entries for %n parcels were saved.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SiteForm</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/ranking/site_form.py" line="+536"/>
        <source>%n parcel(s) chosen on the map (not yet saved)</source>
        <translation>
            <numerusform>%n parcel chosen on the map (not yet saved)</numerusform>
            <numerusform>%n parcels chosen on the map (not yet saved)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n missing</source>
        <translation>
            <numerusform>%n missing</numerusform>
            <numerusform>%n missing</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SurveyProgressDialog</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/survey_progress_dialog.py" line="+236"/>
        <source>%1 of %n parcel(s) with a vacancy survey</source>
        <translation>
            <numerusform>%1 of %n parcel with a vacancy survey</numerusform>
            <numerusform>%1 of %n parcels with a vacancy survey</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/sync_controller.py" line="+108"/>
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicts</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WindowCommands</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/commands.py" line="+81"/>
        <source>Import the other %n row(s) and skip the bad ones?</source>
        <translation>
            <numerusform>Import the other row and skip the bad ones?</numerusform>
            <numerusform>Import the other %n rows and skip the bad ones?</numerusform>
        </translation>
    </message>
</context>
</TS>
