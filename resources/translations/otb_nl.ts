<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>App</name>
    <message>
        <location filename="../../otb_desktop/ui/app.py" line="+82"/>
        <source>Something went wrong: %1

Your saved observations are safe. Details are in the log file %2; please send it to the application manager.</source>
        <translation>Er is iets misgegaan: %1

Opgeslagen waarnemingen zijn veilig. Details staan in het logbestand %2; stuur dit bestand naar de applicatiebeheerder.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+168"/>
        <source>The database %1 does not exist. Create a new, empty database there?</source>
        <translation>De database %1 bestaat niet. Daar een nieuwe, lege database maken?</translation>
    </message>
    <message>
        <location line="-154"/>
        <location line="+177"/>
        <source>The database %1 could not be opened (%2). Choose another file with --db; details are in the log file %3.</source>
        <translation>De database %1 kon niet worden geopend (%2). Kies een ander bestand met --db; details staan in het logbestand %3.</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Opening the database…</source>
        <translation>Database openen…</translation>
    </message>
    <message>
        <location filename="../../otb_desktop/ui/main_window.py" line="+133"/>
        <source>Reading parcels…</source>
        <translation>Percelen lezen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reading the map…</source>
        <translation>Kaart lezen…</translation>
    </message>
</context>
<context>
    <name>Colouring</name>
    <message>
        <location filename="../../otb_desktop/domain/colouring.py" line="+88"/>
        <source>no data</source>
        <translation>geen gegevens</translation>
    </message>
    <message>
        <location line="+233"/>
        <source>Survey status</source>
        <translation>Inventarisatiestatus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not yet surveyed</source>
        <translation>nog niet geïnventariseerd</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>stale (older than %1 months)</source>
        <translation>verouderd (&gt; %1 maanden)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>current</source>
        <translation>actueel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Completeness of the survey</source>
        <translation>Volledigheid van de inventarisatie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no topic recorded</source>
        <translation>geen onderwerp vastgelegd</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vacancy</source>
        <translation>Leegstand</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no vacancy</source>
        <translation>geen leegstand</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>1–3 of 8 topics</source>
        <translation>1–3 van 8 onderwerpen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4–6 of 8 topics</source>
        <translation>4–6 van 8 onderwerpen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7 of 8 topics</source>
        <translation>7 van 8 onderwerpen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>all 8 topics</source>
        <translation>alle 8 onderwerpen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>up to 5 %</source>
        <translation>tot 5 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5–15 %</source>
        <translation>5–15 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>15–40 %</source>
        <translation>15–40 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>over 40 %</source>
        <translation>meer dan 40 %</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Park vacancy (friction ≈ 5 %)</source>
        <translation>Leegstand per terrein (frictie ≈ 5 %)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>too little (&lt; 3 %)</source>
        <translation>te weinig (&lt; 3 %)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>around friction (3–7 %)</source>
        <translation>rond frictie (3–7 %)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too much (&gt; 7 %)</source>
        <translation>te veel (&gt; 7 %)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Building condition (indicative, NEN 2767 scale; 6 is worst)</source>
        <translation>Bouwkundige staat (indicatief, schaal NEN 2767; 6 is slechtst)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>1 excellent</source>
        <translation>1 uitstekend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2 good</source>
        <translation>2 goed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 fair</source>
        <translation>3 redelijk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 moderate</source>
        <translation>4 matig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5 poor</source>
        <translation>5 slecht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>6 very poor</source>
        <translation>6 zeer slecht</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Built coverage</source>
        <translation>Bebouwingspercentage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>up to 20 %</source>
        <translation>tot 20 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>20–40 %</source>
        <translation>20–40 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>40–60 %</source>
        <translation>40–60 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>60–80 %</source>
        <translation>60–80 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>over 80 %</source>
        <translation>meer dan 80 %</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unused coverage</source>
        <translation>Onbenutte bebouwingsruimte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>up to 500 m²</source>
        <translation>tot 500 m²</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>500–2,000 m²</source>
        <translation>500–2.000 m²</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2,000–5,000 m²</source>
        <translation>2.000–5.000 m²</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>over 5,000 m²</source>
        <translation>meer dan 5.000 m²</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Climate adaptation score</source>
        <translation>Klimaatscore</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0–0.2 poorly adapted</source>
        <translation>0–0,2 slecht aangepast</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../otb_desktop/domain/ranking/colouring.py" line="+22"/>
        <source>0.2–0.4</source>
        <translation>0,2–0,4</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../otb_desktop/domain/ranking/colouring.py" line="+0"/>
        <source>0.4–0.6</source>
        <translation>0,4–0,6</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../../otb_desktop/domain/ranking/colouring.py" line="+2"/>
        <source>0.6–0.8</source>
        <translation>0,6–0,8</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>0.8–1 well adapted</source>
        <translation>0,8–1 goed aangepast</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Owner&apos;s willingness to invest</source>
        <translation>Investeringsbereidheid eigenaar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 not willing</source>
        <translation>1 niet bereid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>2 hardly willing</source>
        <translation>2 weinig bereid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3 neutral</source>
        <translation>3 neutraal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>4 willing</source>
        <translation>4 bereid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>5 very willing</source>
        <translation>5 zeer bereid</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fit with the park&apos;s profile (indicative; profiles provisional)</source>
        <translation>Past bij het profiel van het terrein (indicatief; profielen voorlopig)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>does not fit</source>
        <translation>past niet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fits</source>
        <translation>past</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Distance to dwelling (BAG woonfunctie)</source>
        <translation>Afstand tot woning (BAG woonfunctie)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>under 30 m</source>
        <translation>minder dan 30 m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30–100 m</source>
        <translation>30–100 m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>100–300 m</source>
        <translation>100–300 m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>300–1,000 m</source>
        <translation>300–1.000 m</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>over 1,000 m</source>
        <translation>meer dan 1.000 m</translation>
    </message>
    <message>
        <location filename="../../otb_desktop/domain/ranking/colouring.py" line="-3"/>
        <source>0–0.2 least promising</source>
        <translation>0–0,2 minst kansrijk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>0.8–1 most promising</source>
        <translation>0,8–1 meest kansrijk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ranking score (active weight profile)</source>
        <translation>Score rangschikking (actief gewichtenprofiel)</translation>
    </message>
</context>
<context>
    <name>ComboEditor</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/field_editors.py" line="+207"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
<context>
    <name>ConflictView</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/conflict_view.py" line="+54"/>
        <source>Versions in conflict</source>
        <translation>Versies in conflict</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Field</source>
        <translation>Veld</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The versions differ here</source>
        <translation>Hier verschillen de versies</translation>
    </message>
</context>
<context>
    <name>DateEditor</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/field_editors.py" line="-88"/>
        <source>Choose a date (F4)</source>
        <translation>Kies een datum (F4)</translation>
    </message>
</context>
<context>
    <name>DetailsDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/intake_register.py" line="+363"/>
        <source>Intake details</source>
        <translation>Gegevens van de intake</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+6"/>
        <source>not recorded</source>
        <translation>niet vastgelegd</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The business agrees to share the site&apos;s photos with the architect</source>
        <translation>Het bedrijf stemt ermee in dat de foto&apos;s van de locatie naar de architect gaan</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Architect:</source>
        <translation>Architect:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hours:</source>
        <translation>Uren:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost:</source>
        <translation>Kosten:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outcome:</source>
        <translation>Resultaat:</translation>
    </message>
</context>
<context>
    <name>ExplanationChart</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/explanation.py" line="+51"/>
        <source>sub-score</source>
        <translation>deelscore</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+45"/>
        <source>conflict, not used</source>
        <translation>conflict, niet gebruikt</translation>
    </message>
    <message>
        <location line="-43"/>
        <location line="+44"/>
        <source>no data</source>
        <translation>geen gegevens</translation>
    </message>
    <message>
        <location line="-27"/>
        <source>Select a site or parcel to see how its score is made.</source>
        <translation>Kies een locatie of perceel om te zien hoe de score is opgebouwd.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: score %2 (completeness %3)</source>
        <translation>%1: score %2 (volledigheid %3)</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>urgency</source>
        <translation>urgentie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>promise</source>
        <translation>kansrijkheid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no data: left out, not 0</source>
        <translation>geen gegevens: weggelaten, niet 0</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>* indicative</source>
        <translation>* indicatief</translation>
    </message>
</context>
<context>
    <name>ExportScope</name>
    <message>
        <location filename="../../otb_desktop/ui/export_scope.py" line="+43"/>
        <source>&amp;Filtered list (%1)</source>
        <translation>&amp;Gefilterde lijst (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Selection (%1)</source>
        <translation>&amp;Selectie (%1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All parcels (%1)</source>
        <translation>&amp;Alle percelen (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export parcels</source>
        <translation>Percelen exporteren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which parcels do you want to export?</source>
        <translation>Welke percelen wilt u exporteren?</translation>
    </message>
</context>
<context>
    <name>FactsView</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/facts_view.py" line="+66"/>
        <source>Area</source>
        <translation>Oppervlakte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Addresses</source>
        <translation>Adressen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Buildings</source>
        <translation>Panden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built</source>
        <translation>Bebouwd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Floor area</source>
        <translation>Vloeroppervlak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unused coverage</source>
        <translation>Onbenutte bebouwingsruimte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unused floor area</source>
        <translation>Onbenut vloeroppervlak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vacancy</source>
        <translation>Leegstand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Climate score</source>
        <translation>Klimaatscore</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile fit</source>
        <translation>Profielpassing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To dwelling</source>
        <translation>Tot woning</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Neighbours</source>
        <translation>Buurpercelen</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>(registered %1)</source>
        <translation>(kadaster %1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>none known</source>
        <translation>geen bekend</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 footprint, %2 coverage</source>
        <translation>%1 (%2 van perceel)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(BAG verblijfsobjecten)</source>
        <translation>(BAG-verblijfsobjecten)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(indicative: footprint × storeys)</source>
        <translation>(indicatief: bebouwd oppervlak × bouwlagen)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown: record %1</source>
        <translation>onbekend: vul %1 in</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(indicative: 3.5 m per storey)</source>
        <translation>(indicatief: 3,5 m per bouwlaag)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 of 1 (%2 % answered)</source>
        <translation>%1 van 1 (%2 % beantwoord)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+39"/>
        <location line="+3"/>
        <location line="+11"/>
        <source>not recorded</source>
        <translation>niet vastgelegd</translation>
    </message>
    <message numerus="yes">
        <location line="-50"/>
        <source>%n adjacent parcel(s)</source>
        <translation>
            <numerusform>%n aangrenzend perceel</numerusform>
            <numerusform>%n aangrenzende percelen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>observed %1</source>
        <translation>waargenomen %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>stale: observed %1</source>
        <translation>verouderd: waargenomen %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n building(s)</source>
        <translation>
            <numerusform>%n pand</numerusform>
            <numerusform>%n panden</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(built %1)</source>
        <translation>(gebouwd in %1)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>category %1; the parcel is in no park</source>
        <translation>milieucategorie %1; perceel ligt niet op een bedrijventerrein</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>fits (%1, category %2)</source>
        <translation>past (%1, categorie %2)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>does not fit (%1, category %2)</source>
        <translation>past niet (%1, categorie %2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>indicative; park profile provisional (assumption)</source>
        <translation>indicatief; parkprofiel voorlopig (aanname)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>unknown: import BAG verblijfsobjecten</source>
        <translation>onbekend: importeer BAG-verblijfsobjecten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 m to the nearest dwelling (BAG woonfunctie)</source>
        <translation>%1 m tot de dichtstbijzijnde woning (BAG woonfunctie)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>at least the guide distance %1 m of category %2</source>
        <translation>minstens de richtafstand %1 m van categorie %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>within the guide distance %1 m of category %2</source>
        <translation>binnen de richtafstand %1 m van categorie %2</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <location filename="../../otb_desktop/ui/filter_bar.py" line="+155"/>
        <source>Clear all filters</source>
        <translation>Alle filters wissen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the parcels of one business park</source>
        <translation>De percelen van één bedrijventerrein tonen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show parcels by how far their survey is</source>
        <translation>Percelen tonen naar voortgang van de inventarisatie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Filter on a recorded value or a figure</source>
        <translation>Filteren op een vastgelegde waarde of een kengetal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comparison</source>
        <translation>Vergelijking</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value to compare with</source>
        <translation>Waarde om mee te vergelijken</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>All business parks</source>
        <translation>Alle bedrijventerreinen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (outside OTB)</source>
        <translation>%1 (buiten OTB)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No business park</source>
        <translation>Geen bedrijventerrein</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All parcels</source>
        <translation>Alle percelen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not surveyed yet</source>
        <translation>Niet ingevuld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partly surveyed</source>
        <translation>Deels ingevuld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fully surveyed</source>
        <translation>Geheel ingevuld</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Older than %n months</source>
        <translation>
            <numerusform>Verouderd</numerusform>
            <numerusform>Verouderd</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With conflicts</source>
        <translation>Met conflicten</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Parcel: coverage %</source>
        <translation>Perceel: bebouwingspercentage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parcel: area m²</source>
        <translation>Perceel: oppervlakte m²</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Parcel: unused coverage m²</source>
        <translation>Perceel: onbenutte bebouwingsruimte m²</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vacancy %</source>
        <translation>Leegstand %</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No value filter</source>
        <translation>Geen waardefilter</translation>
    </message>
    <message>
        <location line="+20"/>
        <location line="+3"/>
        <source>recorded</source>
        <translation>vastgelegd</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+3"/>
        <source>not recorded</source>
        <translation>niet vastgelegd</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>value</source>
        <translation>waarde</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../../otb_desktop/ui/first_start.py" line="+77"/>
        <source>No parcels yet</source>
        <translation>Nog geen percelen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This database does not contain any parcels yet.</source>
        <translation>Deze database bevat nog geen percelen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the synthetic demo data to try the app, or import cadastral parcels (BRK) from a GeoPackage, GML or GeoJSON file. You can also import later from the File menu.</source>
        <translation>Laad de synthetische demodata om de app uit te proberen, of importeer kadastrale percelen (BRK) uit een GeoPackage-, GML- of GeoJSON-bestand. Importeren kan ook later, via het menu Bestand.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Load &amp;demo data</source>
        <translation>&amp;Demodata laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import parcels…</source>
        <translation>Percelen &amp;importeren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Start &amp;empty</source>
        <translation>&amp;Leeg beginnen</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Unsaved entries found</source>
        <translation>Niet-opgeslagen invoer gevonden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Restore them to check and save them, or discard them. Saved observations are not affected.</source>
        <translation>Herstel de invoer om die te controleren en op te slaan, of verwerp de invoer. Opgeslagen waarnemingen blijven ongewijzigd.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restore</source>
        <translation>&amp;Herstellen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Discard</source>
        <translation>&amp;Verwerpen</translation>
    </message>
</context>
<context>
    <name>FormHints</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/form_hints.py" line="+34"/>
        <source>at least %1</source>
        <translation>minstens %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>dd-mm-yyyy</source>
        <translation>dd-mm-jjjj</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>A whole number from %1 to %2%3</source>
        <translation>Een geheel getal van %1 t/m %2%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A number from %1 to %2%3</source>
        <translation>Een getal van %1 t/m %2%3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A number of at least %1%2</source>
        <translation>Een getal van minstens %1%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A date as dd-mm-yyyy, e.g. 17-05-2024</source>
        <translation>Een datum als dd-mm-jjjj, bijvoorbeeld 17-05-2024</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not in the future</source>
        <translation>niet in de toekomst</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>At most %1 characters</source>
        <translation>Hoogstens %1 tekens</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>required</source>
        <translation>verplicht</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/panel/history_view.py" line="+53"/>
        <source>replaces %n</source>
        <translation>
            <numerusform>vervangt %n waarneming</numerusform>
            <numerusform>vervangt %n waarnemingen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>When, who</source>
        <translation>Wanneer, wie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Values</source>
        <translation>Waarden</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>current value</source>
        <translation>actuele waarde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>replaced by a later observation</source>
        <translation>vervangen door een latere waarneming</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <location line="+42"/>
        <source>History</source>
        <translation>Geschiedenis</translation>
    </message>
</context>
<context>
    <name>ImportWords</name>
    <message>
        <location filename="../../otb_desktop/ui/import_words.py" line="+21"/>
        <source>%1 of the %2 rows in %3 were rejected; nothing was imported.</source>
        <translation>%1 van de %2 rijen in %3 zijn afgekeurd; er is niets geïmporteerd.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>row %1: %2</source>
        <translation>rij %1: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>… and %1 more</source>
        <translation>… en nog %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Correct the rows in the file and import it again.</source>
        <translation>Verbeter de rijen in het bestand en importeer het opnieuw.</translation>
    </message>
</context>
<context>
    <name>IntakeActions</name>
    <message>
        <location filename="../../otb_desktop/ui/intake_actions.py" line="+19"/>
        <source>Si&amp;tes</source>
        <translation>&amp;Locaties</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+40"/>
        <source>&amp;Print intake sheet…</source>
        <translation>Intakeblad &amp;afdrukken…</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Intake sheet (3F) of the selected parcel&apos;s site, with preview (Ctrl+P)</source>
        <translation>Intakeblad (3F) van de locatie van het geselecteerde perceel, met voorbeeld (Ctrl+P)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intake sheets of &amp;all sites…</source>
        <translation>Intakebladen van &amp;alle locaties…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Intake register…</source>
        <translation>&amp;Intakeregister…</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+12"/>
        <location line="+31"/>
        <source>Print intake sheet</source>
        <translation>Intakeblad afdrukken</translation>
    </message>
    <message>
        <location line="-42"/>
        <source>The selected parcel does not belong to a redevelopment site. Select a parcel of a site, or start an intake for it in the intake register (Sites menu).</source>
        <translation>Het geselecteerde perceel hoort niet bij een herontwikkelingslocatie. Kies een perceel van een locatie, of start er een intake voor in het intakeregister (menu Locaties).</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>There are no redevelopment sites yet.</source>
        <translation>Er zijn nog geen herontwikkelingslocaties.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Intake sheets</source>
        <translation>Intakebladen</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Select one or more sites in the ranking first.</source>
        <translation>Selecteer eerst een of meer locaties in de rangschikking.</translation>
    </message>
</context>
<context>
    <name>IntakeRegisterDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/intake_register.py" line="-263"/>
        <source>Intake register (architect pool, 3F)</source>
        <translation>Intakeregister (architectenpool, 3F)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New intake for the selected parcels…</source>
        <translation>Nieuwe intake voor de geselecteerde percelen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next step…</source>
        <translation>Volgende stap…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details…</source>
        <translation>Gegevens…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print intake sheet…</source>
        <translation>Intakeblad afdrukken…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Year of request:</source>
        <translation>Jaar van aanvraag:</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>All years</source>
        <translation>Alle jaren</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>no 3F budget set</source>
        <translation>geen 3F-budget vastgesteld</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>budget %1, remaining %2</source>
        <translation>budget %1, resteert %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2 intake(s), %3 hours, spent %4; %5</source>
        <translation>%1: %2 intake(s), %3 uur, besteed %4; %5</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (%1 with an architect but no cost yet)</source>
        <translation> (%1 met architect maar nog zonder kosten)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> (%1 with an architect but no hours yet)</source>
        <translation> (%1 met architect maar nog zonder uren)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;Spending per year&lt;/b&gt; (chapter 7: € 50.000 a year for 2026 and 2027)</source>
        <translation>&lt;b&gt;Besteding per jaar&lt;/b&gt; (hoofdstuk 7: € 50.000 per jaar voor 2026 en 2027)</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+14"/>
        <source>Intake register</source>
        <translation>Intakeregister</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Select the parcel(s) of the request in the list or on the map first.</source>
        <translation>Selecteer eerst het perceel of de percelen van de aanvraag in de lijst of op de kaart.</translation>
    </message>
</context>
<context>
    <name>IntakeTableModel</name>
    <message>
        <location line="-170"/>
        <source>Requested</source>
        <translation>Aangevraagd</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Site</source>
        <translation>Locatie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Kind of plan</source>
        <translation>Soort plan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Architect</source>
        <translation>Architect</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Hours</source>
        <translation>Uren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Two versions of this intake were saved on different laptops; save it again to resolve.</source>
        <translation>Van deze intake zijn op verschillende laptops twee versies opgeslagen; sla haar opnieuw op om dat op te lossen.</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <location filename="../../otb_desktop/ui/map/legend.py" line="+39"/>
        <source>Click to fold or unfold the legend</source>
        <translation>Klik om de legenda in of uit te klappen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 hidden by the filters</source>
        <translation>%1 verborgen door de filters</translation>
    </message>
</context>
<context>
    <name>LocaleText</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/locale_text.py" line="+138"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>nee</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../otb_desktop/ui/main_window.py" line="+161"/>
        <source>OTB Desktop — %1</source>
        <translation>OTB Desktop — %1</translation>
    </message>
    <message>
        <location line="+462"/>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Parcel</source>
        <translation>&amp;Perceel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;View</source>
        <translation>Bee&amp;ld</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="-460"/>
        <source>Sync: not set up</source>
        <translation>Synchronisatie: niet ingesteld</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synchronisation with the central database has not been set up on this laptop</source>
        <translation>Synchronisatie met de centrale database is op deze laptop niet ingesteld</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Database: %1</source>
        <translation>Database: %1</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+16"/>
        <source>Loading parcels…</source>
        <translation>Percelen laden…</translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%Ln parcel(s) loaded</source>
        <translation>
            <numerusform>%Ln perceel geladen</numerusform>
            <numerusform>%Ln percelen geladen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+73"/>
        <source>The parcels could not be loaded.</source>
        <translation>De percelen konden niet worden geladen.</translation>
    </message>
    <message>
        <location line="-33"/>
        <source>The buildings could not be loaded.</source>
        <translation>De panden konden niet worden geladen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading buildings…</source>
        <translation>Panden laden…</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>The selected parcel is hidden by the search or filters.</source>
        <translation>Het geselecteerde perceel is verborgen door de zoekopdracht of de filters.</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>This is the last parcel in the list.</source>
        <translation>Dit is het laatste perceel in de lijst.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is the first parcel in the list.</source>
        <translation>Dit is het eerste perceel in de lijst.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No parcel matches “%1”; the parcel shown stays open.</source>
        <translation>Geen perceel gevonden voor “%1”; het getoonde perceel blijft open.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No parcel matches “%1”.</source>
        <translation>Geen perceel gevonden voor “%1”.</translation>
    </message>
    <message numerus="yes">
        <location line="+28"/>
        <source>%1 of %Ln parcel(s) shown</source>
        <translation>
            <numerusform>%1 van %Ln perceel getoond</numerusform>
            <numerusform>%1 van %Ln percelen getoond</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln parcel(s)</source>
        <translation>
            <numerusform>%Ln perceel</numerusform>
            <numerusform>%Ln percelen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Select a parcel first.</source>
        <translation>Selecteer eerst een perceel.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved.</source>
        <translation>Opgeslagen.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>Select a parcel in a business park first.</source>
        <translation>Selecteer eerst een perceel op een bedrijventerrein.</translation>
    </message>
    <message>
        <location line="+151"/>
        <source>Unsaved changes</source>
        <translation>Niet-opgeslagen wijzigingen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The parcel panel has changes that were not saved. They are kept as a draft and offered again at the next start.</source>
        <translation>Het perceelpaneel bevat niet-opgeslagen invoer. Die blijft bewaard en wordt bij de volgende start opnieuw aangeboden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save now</source>
        <translation>Nu &amp;opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keep draft and quit</source>
        <translation>Invoer &amp;bewaren en afsluiten</translation>
    </message>
</context>
<context>
    <name>MapCanvas</name>
    <message>
        <location filename="../../otb_desktop/ui/map/canvas.py" line="+440"/>
        <source>outside the business parks</source>
        <translation>buiten de bedrijventerreinen</translation>
    </message>
</context>
<context>
    <name>NewIntakeDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/intake_register.py" line="+207"/>
        <source>New intake</source>
        <translation>Nieuwe intake</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Kind of plan:</source>
        <translation>Soort plan:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requested on:</source>
        <translation>Aangevraagd op:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Applicant (intern only):</source>
        <translation>Aanvrager (alleen intern):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contact (intern only):</source>
        <translation>Contactgegevens (alleen intern):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note (intern only):</source>
        <translation>Notitie (alleen intern):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name, contact and note never appear on the architect&apos;s (extern) sheet.</source>
        <translation>Naam, contactgegevens en notitie komen nooit op het (externe) blad voor de architect.</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <location filename="../../otb_desktop/ui/operations.py" line="+190"/>
        <source>Cancelled; nothing was changed.</source>
        <translation>Geannuleerd; er is niets gewijzigd.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+29"/>
        <source>OTB Desktop</source>
        <translation>OTB Desktop</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Details are in the log file %1.</source>
        <translation>Details staan in het logbestand %1.</translation>
    </message>
</context>
<context>
    <name>ParcelPanel</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/parcel_panel.py" line="+87"/>
        <source>Select a parcel on the map or in the list, or search for an address or cadastral designation.</source>
        <translation>Selecteer een perceel op de kaart of in de lijst, of zoek op adres of kadastrale aanduiding.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>&amp;Timeline…</source>
        <translation>&amp;Tijdlijn…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All topics, notes and photos of this parcel in one chronological view</source>
        <translation>Alle onderwerpen, notities en foto&apos;s van dit perceel in één tijdlijn</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Survey</source>
        <translation>Inventarisatie</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Save observation</source>
        <translation>Waarneming opslaan</translation>
    </message>
    <message>
        <location line="+122"/>
        <source>%1: conflict between %2 versions; save to resolve</source>
        <translation>%1: conflict tussen %2 versies; sla op om het op te lossen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: stale, recorded %2 by %3</source>
        <translation>%1: verouderd, vastgelegd %2 door %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: recorded %2 by %3</source>
        <translation>%1: vastgelegd op %2 door %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: not yet surveyed</source>
        <translation>%1: nog niet geïnventariseerd</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unsaved input</source>
        <translation>niet-opgeslagen invoer</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>outside the business parks</source>
        <translation>buiten de bedrijventerreinen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>profile %1 (provisional, assumption)</source>
        <translation>profiel %1 (voorlopig, aanname)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>outside the OTB scope</source>
        <translation>buiten OTB</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Conflict in %1: choose a version and save.</source>
        <translation>Conflict in %1: kies een versie en sla op.</translation>
    </message>
</context>
<context>
    <name>ParcelTableModel</name>
    <message>
        <location filename="../../otb_desktop/ui/parcel_table_model.py" line="+343"/>
        <source>Parcel</source>
        <translation>Perceel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business park</source>
        <translation>Bedrijventerrein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Area</source>
        <translation>Opp.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coverage</source>
        <translation>Bebouwd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Surveyed</source>
        <translation>Ingevuld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last observed</source>
        <translation>Bijgewerkt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To dwelling</source>
        <translation>Tot woning</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cadastral designation (AKR code, section, number)</source>
        <translation>Kadastrale aanduiding (AKR-code, sectie, perceelnummer)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business park the parcel lies in</source>
        <translation>Bedrijventerrein waarop het perceel ligt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>First address on the parcel</source>
        <translation>Eerste adres op het perceel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parcel area in m²</source>
        <translation>Oppervlakte van het perceel in m²</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Built footprint as a share of the parcel area</source>
        <translation>Bebouwd oppervlak als aandeel van de perceeloppervlakte</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Survey topics with a current value, of %n</source>
        <translation>
            <numerusform>Aantal onderwerpen met een actuele waarde (van %n)</numerusform>
            <numerusform>Aantal onderwerpen met een actuele waarde (van %n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Date of the most recent survey observation</source>
        <translation>Datum van de meest recente waarneming</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Distance to the nearest dwelling (BAG verblijfsobject with woonfunctie); empty when no verblijfsobjecten are imported</source>
        <translation>Afstand tot de dichtstbijzijnde woning (BAG-verblijfsobject met woonfunctie); leeg als er geen verblijfsobjecten zijn geïmporteerd</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>(no park)</source>
        <translation>(geen bedrijventerrein)</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Conflicting observations: %1</source>
        <translation>Conflicterende waarnemingen: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not surveyed yet</source>
        <translation>Nog niet geïnventariseerd</translation>
    </message>
</context>
<context>
    <name>ParkFactsDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/park_facts_dialog.py" line="+52"/>
        <source>Saving park facts…</source>
        <translation>Parkgegevens opslaan…</translation>
    </message>
    <message>
        <location line="+142"/>
        <source>(everything unknown)</source>
        <translation>(alles onbekend)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not recorded yet: every fact is unknown.</source>
        <translation>Nog niet vastgelegd: alle gegevens zijn onbekend.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>Conflict: %n different versions were recorded (on different laptops). The form shows the newest; saving resolves the conflict.</source>
        <translation>
            <numerusform>Conflict: er is %n versie vastgelegd. Het formulier toont de nieuwste; opslaan lost het conflict op.</numerusform>
            <numerusform>Conflict: er zijn %n verschillende versies vastgelegd (op verschillende laptops). Het formulier toont de nieuwste; opslaan lost het conflict op.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last recorded on %1 by %2.</source>
        <translation>Laatst vastgelegd op %1 door %2.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Park facts not saved</source>
        <translation>Parkgegevens niet opgeslagen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Park facts: %1</source>
        <translation>Parkgegevens: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Facts (chapters 4.1 and 4.5)</source>
        <translation>Gegevens (hoofdstuk 4.1 en 4.5)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>History (every save is kept)</source>
        <translation>Geschiedenis (elke opslag blijft bewaard)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Recorded on</source>
        <translation>Vastgelegd op</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>By</source>
        <translation>Door</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Facts</source>
        <translation>Gegevens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>&amp;Opslaan</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
</context>
<context>
    <name>ParkPrioritiesDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/park_priorities.py" line="+61"/>
        <source>Business park:</source>
        <translation>Bedrijventerrein:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source:</source>
        <translation>Bron:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Park priorities (ontwikkelkader)</source>
        <translation>Parkprioriteiten (ontwikkelkader)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Theme / issue</source>
        <translation>Thema / vraagstuk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Priority</source>
        <translation>Prioriteit</translation>
    </message>
</context>
<context>
    <name>PhotoListModel</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/photo_strip.py" line="+115"/>
        <source>date from EXIF</source>
        <translation>datum uit EXIF</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>date added</source>
        <translation>datum toegevoegd</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>added by %1</source>
        <translation>toegevoegd door %1</translation>
    </message>
</context>
<context>
    <name>PhotoStrip</name>
    <message>
        <location line="+72"/>
        <source>Add &amp;photo…</source>
        <translation>&amp;Foto toevoegen…</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Photos</source>
        <translation>Foto&apos;s</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No photos yet. Drop image files here or use “Add photo…”.</source>
        <translation>Nog geen foto&apos;s. Sleep afbeeldingen hierheen of gebruik “Foto toevoegen…”.</translation>
    </message>
    <message numerus="yes">
        <location line="+42"/>
        <source>Photos (%n)</source>
        <translation>
            <numerusform>Foto&apos;s (%n)</numerusform>
            <numerusform>Foto&apos;s (%n)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Add photos</source>
        <translation>Foto&apos;s toevoegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images (%1);;All files (*)</source>
        <translation>Afbeeldingen (%1);;Alle bestanden (*)</translation>
    </message>
    <message numerus="yes">
        <location line="+38"/>
        <source>%n photo(s) were already with this parcel and were not added again.</source>
        <translation>
            <numerusform>%n foto hoorde al bij dit perceel en is niet opnieuw toegevoegd.</numerusform>
            <numerusform>%n foto&apos;s hoorden al bij dit perceel en zijn niet opnieuw toegevoegd.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PhotoViewer</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/photo_viewer.py" line="+59"/>
        <source>What does the photo show?</source>
        <translation>Wat is er op de foto te zien?</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>◀ Previous</source>
        <translation>◀ Vorige</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next ▶</source>
        <translation>Volgende ▶</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Withdraw…</source>
        <translation>&amp;Intrekken…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Attached by mistake: the photo stops showing and being exported; the withdrawal is recorded (and synchronised), nothing is deleted</source>
        <translation>Per ongeluk toegevoegd: de foto wordt niet meer getoond of geëxporteerd; de intrekking wordt vastgelegd (en gesynchroniseerd), er wordt niets gewist</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Move to parcel…</source>
        <translation>&amp;Naar ander perceel…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attach the photo to another parcel</source>
        <translation>De foto aan een ander perceel koppelen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Caption</source>
        <translation>&amp;Bijschrift</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Added by</source>
        <translation>Toegevoegd door</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The photo file is not on this computer (yet).</source>
        <translation>Het fotobestand staat (nog) niet op deze computer.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Withdraw photo</source>
        <translation>Foto intrekken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Withdraw this photo from the parcel? It stops showing and being exported; the withdrawal is kept in the parcel&apos;s history.</source>
        <translation>Deze foto van het perceel intrekken? Hij wordt niet meer getoond of geëxporteerd; de intrekking blijft in de geschiedenis van het perceel.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Move photo</source>
        <translation>Foto verplaatsen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parcel to attach the photo to (type a designation or address):</source>
        <translation>Perceel waar de foto bij hoort (typ een aanduiding of adres):</translation>
    </message>
    <message>
        <location line="-77"/>
        <source>from EXIF</source>
        <translation>uit EXIF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>date added</source>
        <translation>datum toegevoegd</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2</source>
        <translation>%1 van %2</translation>
    </message>
</context>
<context>
    <name>RankingHelp</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/help.py" line="+46"/>
        <source>How is the ranking calculated?</source>
        <translation>Hoe wordt de rangschikking berekend?</translation>
    </message>
</context>
<context>
    <name>RankingHook</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/hook.py" line="+44"/>
        <source>&amp;Ranking and redevelopment (3D/3E)…</source>
        <translation>&amp;Rangschikking en herontwikkeling (3D/3E)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make &amp;site of the selected parcels</source>
        <translation>Maak &amp;locatie van de gekozen percelen</translation>
    </message>
</context>
<context>
    <name>RankingTableModel</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/model.py" line="+58"/>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Naam</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Business park</source>
        <translation>Bedrijventerrein</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stage</source>
        <translation>Fase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Score</source>
        <translation>Score</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Urgency</source>
        <translation>Urgentie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Promise</source>
        <translation>Kansrijkheid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completeness</source>
        <translation>Volledigheid</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Stability</source>
        <translation>Stabiliteit</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Flags</source>
        <translation>Vlaggen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Share of the sensitivity trials in which it stays in the top N; ! marks an unstable rank</source>
        <translation>Aandeel van de gevoeligheidsproeven waarin het in de top N blijft; ! markeert een instabiele rang</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Share of the weight whose criteria have data</source>
        <translation>Aandeel van het gewicht waarvan de criteria gegevens hebben</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>outside the OTB parks</source>
        <translation>buiten de OTB-terreinen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>conflict</source>
        <translation>conflict</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Not ranked: completeness %1 is below the minimum</source>
        <translation>Niet gerangschikt: volledigheid %1 ligt onder het minimum</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Outside the ten business parks of the OTB (chapter 2.2)</source>
        <translation>Buiten de tien bedrijventerreinen van het OTB (hoofdstuk 2.2)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Two different current values (conflict): not used until resolved</source>
        <translation>Twee verschillende actuele waarden (conflict): niet gebruikt tot het is opgelost</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No data (not counted as 0)</source>
        <translation>Geen gegevens (telt niet als 0)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Indicative (estimated input)</source>
        <translation>Indicatief (geschatte invoer)</translation>
    </message>
</context>
<context>
    <name>RankingView</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/view.py" line="+211"/>
        <source>Sites</source>
        <translation>Locaties</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parcels</source>
        <translation>Percelen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All stages</source>
        <translation>Alle fasen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All flags</source>
        <translation>Alle vlaggen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Conflict (not used)</source>
        <translation>Conflict (niet gebruikt)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only ranked</source>
        <translation>Alleen gerangschikt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Top:</source>
        <translation>&amp;Top:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Make site</source>
        <translation>&amp;Maak locatie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make a site of the selected adjacent parcels</source>
        <translation>Maak een locatie van de gekozen aangrenzende percelen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport…</source>
        <translation>E&amp;xporteren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>How is it calculated?</source>
        <translation>Hoe wordt gerekend?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scatter</source>
        <translation>Spreiding</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Explanation</source>
        <translation>Uitleg</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weights</source>
        <translation>Gewichten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>3E approach</source>
        <translation>3E-aanpak</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <location line="+35"/>
        <source>All parks</source>
        <translation>Alle terreinen</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Loading…</source>
        <translation>Laden…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Something went wrong; see the log file.</source>
        <translation>Er ging iets mis; zie het logbestand.</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>%1 of %2 ranked; the others have too little data (minimum %3).</source>
        <translation>%1 van %2 gerangschikt; de andere hebben te weinig gegevens (minimum %3).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stability: calculating…</source>
        <translation>Stabiliteit: wordt berekend…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stability over %1 trials: %2 unstable.</source>
        <translation>Stabiliteit over %1 proeven: %2 instabiel.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>* indicative · – no data (not 0)</source>
        <translation>* indicatief · – geen gegevens (niet 0)</translation>
    </message>
    <message>
        <location line="+127"/>
        <location line="+54"/>
        <source>Make site</source>
        <translation>Maak locatie</translation>
    </message>
    <message>
        <location line="-53"/>
        <location line="+54"/>
        <source>Select one or more adjacent parcels first.</source>
        <translation>Kies eerst een of meer aangrenzende percelen.</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Not saved</source>
        <translation>Niet opgeslagen</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Export ranking</source>
        <translation>Rangschikking exporteren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel (*.xlsx);;CSV (*.csv)</source>
        <translation>Excel (*.xlsx);;CSV (*.csv)</translation>
    </message>
</context>
<context>
    <name>RankingWindow</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/window.py" line="+22"/>
        <source>Ranking and redevelopment (3D/3E) — OTB Desktop</source>
        <translation>Rangschikking en herontwikkeling (3D/3E) — OTB Desktop</translation>
    </message>
</context>
<context>
    <name>RestoreDraftsBox</name>
    <message numerus="yes">
        <location filename="../../otb_desktop/ui/first_start.py" line="-14"/>
        <source>OTB Desktop was closed before entries for %n parcel(s) were saved.</source>
        <translation>
            <numerusform>OTB Desktop is afgesloten voordat de invoer voor %n perceel was opgeslagen.</numerusform>
            <numerusform>OTB Desktop is afgesloten voordat de invoer voor %n percelen was opgeslagen.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ScaleBar</name>
    <message>
        <location filename="../../otb_desktop/ui/map/scale_bar.py" line="+41"/>
        <source>%1 km</source>
        <translation>%1 km</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 m</source>
        <translation>%1 m</translation>
    </message>
</context>
<context>
    <name>ScatterPlot</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/scatter.py" line="+66"/>
        <source>Urgency</source>
        <translation>Urgentie</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>%1
urgency %2 · promise %3 · score %4</source>
        <translation>%1
urgentie %2 · kansrijkheid %3 · score %4</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>urgent, not yet promising</source>
        <translation>urgent, nog niet kansrijk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>urgent and promising</source>
        <translation>urgent en kansrijk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>neither</source>
        <translation>geen van beide</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>promising, not urgent</source>
        <translation>kansrijk, niet urgent</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>low</source>
        <translation>laag</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>medium</source>
        <translation>midden</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>high</source>
        <translation>hoog</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Promise (kansrijkheid) →</source>
        <translation>Kansrijkheid →</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(%1 without data on an axis not shown)</source>
        <translation>(%1 zonder gegevens op een as niet getoond)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Urgency (urgentie) →</source>
        <translation>Urgentie →</translation>
    </message>
</context>
<context>
    <name>SearchBox</name>
    <message>
        <location filename="../../otb_desktop/ui/search_box.py" line="+36"/>
        <source>Address, parcel (b2298) or business park</source>
        <translation>Adres, perceel (b2298) of bedrijventerrein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Find a parcel by address, cadastral designation (also loosely: b2298) or business park name (Ctrl+F)</source>
        <translation>Zoek een perceel op adres, kadastrale aanduiding (ook globaal: b2298) of naam van het bedrijventerrein (Ctrl+F)</translation>
    </message>
</context>
<context>
    <name>SelectionModel</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/selection_table.py" line="+50"/>
        <source>not yet weighed</source>
        <translation>nog niet afgewogen</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Theme</source>
        <translation>Thema</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Issue (vraagstuk)</source>
        <translation>Vraagstuk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Choice</source>
        <translation>Keuze</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dep.</source>
        <translation>Afh.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Future</source>
        <translation>Toek.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Compet.</source>
        <translation>Concurr.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Multi</source>
        <translation>Meerv.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Side effect</source>
        <translation>Neveneffect</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Activities</source>
        <translation>Activiteiten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Passive</source>
        <translation>Passief</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Look again on</source>
        <translation>Opnieuw bekijken</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Motivation</source>
        <translation>Motivatie</translation>
    </message>
</context>
<context>
    <name>SheetPreviewDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/sheet_preview.py" line="+53"/>
        <source>Print intake sheet</source>
        <translation>Intakeblad afdrukken</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Extern: for the architect, without personal data</source>
        <translation>Extern: voor de architect, zonder persoonsgegevens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Intern: for the municipality, confidential</source>
        <translation>Intern: voor de gemeente, vertrouwelijk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One file per site</source>
        <translation>Eén bestand per locatie</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save as PDF…</source>
        <translation>Opslaan als PDF…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Print…</source>
        <translation>Afdrukken…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Variant:</source>
        <translation>Variant:</translation>
    </message>
    <message>
        <location line="+28"/>
        <location line="+10"/>
        <source>Making the preview…</source>
        <translation>Voorbeeld maken…</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 pages of %2 site(s) shown</source>
        <translation>%1 pagina&apos;s van %2 locatie(s) getoond</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; %1 sites are saved</source>
        <translation>; %1 locaties worden opgeslagen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No preview</source>
        <translation>Geen voorbeeld</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Intake sheets</source>
        <translation>Intakebladen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Folder for the sheets</source>
        <translation>Map voor de intakebladen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save intake sheets</source>
        <translation>Intakebladen opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Saved: %1</source>
        <translation>Opgeslagen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Writing intake sheets…</source>
        <translation>Intakebladen schrijven…</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Preparing the pages for the printer…</source>
        <translation>Pagina&apos;s voorbereiden voor de printer…</translation>
    </message>
</context>
<context>
    <name>SiteForm</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/site_form.py" line="+335"/>
        <source>&amp;Name:</source>
        <translation>&amp;Naam:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;tage:</source>
        <translation>&amp;Fase:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Started early (versneld)</source>
        <translation>Versneld gestart</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Why 3E starts before 3D is finished (required)</source>
        <translation>Waarom 3E start voordat 3D is afgerond (verplicht)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Number of &amp;owners:</source>
        <translation>Aantal &amp;eigenaren:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Approach:</source>
        <translation>&amp;Aanpak:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step 1 · Assignment</source>
        <translation>Stap 1 · Opdracht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step 2 · Issue selection (24)</source>
        <translation>Stap 2 · Vraagstukkenselectie (24)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Steps 3–4 · Plan and evaluation</source>
        <translation>Stap 3–4 · Plan en evaluatie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role (chapter 6)</source>
        <translation>Rol (hoofdstuk 6)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>History</source>
        <translation>Geschiedenis</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Comes from:</source>
        <translation>Komt voort uit:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Activity (uitvoeringsagenda):</source>
        <translation>Activiteit (uitvoeringsagenda):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Third party:</source>
        <translation>Derde partij:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Assignment:</source>
        <translation>Opdracht:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Justification: the four considerations</source>
        <translation>Onderbouwing: de vier overwegingen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aardgasvrij (4H, the starting point)</source>
        <translation>Aardgasvrij (4H, het uitgangspunt)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Motivation for an exception to aardgasvrij</source>
        <translation>Motivatie voor een uitzondering op aardgasvrij</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step 3 · Plan van aanpak</source>
        <translation>Stap 3 · Plan van aanpak</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Summary:</source>
        <translation>Samenvatting:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Participation:</source>
        <translation>Participatie:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Monitoring:</source>
        <translation>Monitoring:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Examples elsewhere:</source>
        <translation>Voorbeelden elders:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ambtelijk opdrachtgever:</source>
        <translation>Ambtelijk opdrachtgever:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bestuurlijk opdrachtgever:</source>
        <translation>Bestuurlijk opdrachtgever:</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+1"/>
        <source>who agreed</source>
        <translation>wie stemde in</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step 4 · Evaluation at closure</source>
        <translation>Stap 4 · Evaluatie bij afronding</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Evaluated on:</source>
        <translation>Geëvalueerd op:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Evaluation:</source>
        <translation>Evaluatie:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lessons (one per line):</source>
        <translation>Leerpunten (één per regel):</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Role(s):</source>
        <translation>Rol(len):</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why (from the goal):</source>
        <translation>Waarom (vanuit het doel):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Who maintains what:</source>
        <translation>Wie beheert wat:</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Public value:</source>
        <translation>Maatschappelijke waarde:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Public cost:</source>
        <translation>Maatschappelijke kosten:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save site</source>
        <translation>Locatie op&amp;slaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parcels: take the selection on the map</source>
        <translation>Percelen: neem de selectie op de kaart over</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Version %1: %2 · %3</source>
        <translation>Versie %1: %2 · %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>started early: %1</source>
        <translation>versneld gestart: %1</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Select a site in the ranking (sites) to fill in its 3E approach.</source>
        <translation>Kies een locatie in de rangschikking (locaties) om de 3E-aanpak in te vullen.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%n parcel(s) chosen on the map (not yet saved)</source>
        <translation>
            <numerusform>%n perceel gekozen op de kaart (nog niet opgeslagen)</numerusform>
            <numerusform>%n percelen gekozen op de kaart (nog niet opgeslagen)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>complete</source>
        <translation>compleet</translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n missing</source>
        <translation>
            <numerusform>%n ontbreekt</numerusform>
            <numerusform>%n ontbreken</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Step %1: %2</source>
        <translation>Stap %1: %2</translation>
    </message>
</context>
<context>
    <name>StartWindow</name>
    <message>
        <location filename="../../otb_desktop/ui/start_window.py" line="+58"/>
        <source>Loading parcels…</source>
        <translation>Percelen laden…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening the database…</source>
        <translation>Database openen…</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/intake_register.py" line="+13"/>
        <source>Next step</source>
        <translation>Volgende stap</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Current status:</source>
        <translation>Huidige status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New status:</source>
        <translation>Nieuwe status:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Date:</source>
        <translation>Datum:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Architect:</source>
        <translation>Architect:</translation>
    </message>
</context>
<context>
    <name>SurveyProgressDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/survey_progress_dialog.py" line="+113"/>
        <source>Survey progress per business park</source>
        <translation>Voortgang van de inventarisatie per bedrijventerrein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Stale after (months):</source>
        <translation>&amp;Verouderd na (maanden):</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Show on map</source>
        <translation>Op &amp;kaart tonen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the parcels of the chosen park, coloured by survey status</source>
        <translation>De percelen van het gekozen bedrijventerrein tonen, gekleurd naar inventarisatiestatus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Park &amp;facts…</source>
        <translation>Park&amp;gegevens…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ondernemersvereniging, parkmanagement, KVO, collective maintenance, ondernemersfonds and ontwikkelkader of the chosen park, with their history</source>
        <translation>Ondernemersvereniging, parkmanagement, KVO, collectief onderhoud, ondernemersfonds en ontwikkelkader van het gekozen terrein, met hun geschiedenis</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Per topic: parcels with a current value (share of the park&apos;s parcels). Stale observations: current values observed before the cutoff date. Double-click a park to show it on the map.</source>
        <translation>Per onderwerp: percelen met een actuele waarde (aandeel van de percelen op het terrein). Verouderde waarnemingen: actuele waarden die vóór de peildatum zijn waargenomen. Dubbelklik op een bedrijventerrein om het op de kaart te tonen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Observations from before %1 count as stale.</source>
        <translation>Waarnemingen van vóór %1 gelden als verouderd.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vacancy</source>
        <translation>Leegstand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Condition</source>
        <translation>Staat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Planning</source>
        <translation>Planologie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Climate</source>
        <translation>Klimaat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Investment</source>
        <translation>Investering</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profile fit</source>
        <translation>Profielpassing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Energy</source>
        <translation>Energie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mobility</source>
        <translation>Mobiliteit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Business park</source>
        <translation>Bedrijventerrein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Parcels</source>
        <translation>Percelen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Not surveyed</source>
        <translation>Niet ingevuld</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Parcels without any survey topic</source>
        <translation>Percelen zonder enig vastgelegd onderwerp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stale</source>
        <translation>Verouderd</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Parcels with at least one stale observation</source>
        <translation>Percelen met ten minste één verouderde waarneming</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Current</source>
        <translation>Actueel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Parcels whose observations are all recent</source>
        <translation>Percelen waarvan alle waarnemingen recent zijn</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stale obs.</source>
        <translation>Verouderde waarn.</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Current observations older than the cutoff</source>
        <translation>Actuele waarnemingen van vóór de peildatum</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Park vacancy</source>
        <translation>Leegstand park</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vacant / total floor area over the surveyed parcels of the park, against the friction vacancy of about 5 %: below 3 % too little, 3–7 % around friction, above 7 % too much</source>
        <translation>Leeg / totaal vloeroppervlak over de opgenomen percelen van het terrein, tegenover de frictieleegstand van ongeveer 5 %: onder 3 % te weinig, 3–7 % rond frictie, boven 7 % te veel</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>too little, &lt; 3 %</source>
        <translation>te weinig, &lt; 3 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>around friction, 3–7 %</source>
        <translation>rond frictie, 3–7 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too much, &gt; 7 %</source>
        <translation>te veel, &gt; 7 %</translation>
    </message>
    <message>
        <location line="-49"/>
        <source>All parcels</source>
        <translation>Alle percelen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>(no business park)</source>
        <translation>(geen bedrijventerrein)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (outside OTB)</source>
        <translation>%1 (buiten OTB)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 surveyed, %2 of them stale</source>
        <translation>%1 geïnventariseerd, waarvan %2 verouderd</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>unknown</source>
        <translation>onbekend</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%1 of %n parcel(s) with a vacancy survey</source>
        <translation>
            <numerusform>%1 van %n perceel met een leegstandsopname</numerusform>
            <numerusform>%1 van %n percelen met een leegstandsopname</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <location filename="../../otb_desktop/ui/sync_controller.py" line="+44"/>
        <location line="+28"/>
        <source>S&amp;ynchronise now</source>
        <translation>S&amp;ynchroniseren</translation>
    </message>
    <message>
        <location line="-23"/>
        <location line="+24"/>
        <source>&amp;Conflicts…</source>
        <translation>&amp;Conflicten…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Sync: not set up</source>
        <translation>Synchronisatie: niet ingesteld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Synchronisation with the central database has not been set up on this laptop</source>
        <translation>Synchronisatie met de centrale database is op deze laptop niet ingesteld</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>never</source>
        <translation>nooit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync: %1 · %2 waiting · %3</source>
        <translation>Synchronisatie: %1 · %2 wachtend · %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline</source>
        <translation>offline</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n conflict(s)</source>
        <translation>
            <numerusform>%n conflict</numerusform>
            <numerusform>%n conflicten</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Server %1; last synchronised %2. Working offline is normal: what waits is sent at the next sync.</source>
        <translation>Server %1; laatst gesynchroniseerd %2. Offline werken is normaal: wat wacht, gaat mee bij de volgende synchronisatie.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>synchronising…</source>
        <translation>bezig met synchroniseren…</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+56"/>
        <source>Synchronise</source>
        <translation>Synchroniseren</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Conflicts</source>
        <translation>Conflicten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reading the conflicts…</source>
        <translation>Conflicten lezen…</translation>
    </message>
</context>
<context>
    <name>SyncSetupDialog</name>
    <message>
        <location line="+39"/>
        <source>Central database</source>
        <translation>Centrale database</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User name:</source>
        <translation>&amp;Gebruikersnaam:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Password:</source>
        <translation>&amp;Wachtwoord:</translation>
    </message>
</context>
<context>
    <name>TimelineDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/timeline_view.py" line="+120"/>
        <source>Nothing has been recorded for this parcel yet.</source>
        <translation>Voor dit perceel is nog niets vastgelegd.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+1"/>
        <source>Timeline of %1</source>
        <translation>Tijdlijn van %1</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <location line="-89"/>
        <source>Photo added</source>
        <translation>Foto toegevoegd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo caption changed</source>
        <translation>Bijschrift gewijzigd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo withdrawn</source>
        <translation>Foto ingetrokken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo moved here</source>
        <translation>Foto hierheen verplaatst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photo moved to another parcel</source>
        <translation>Foto naar ander perceel verplaatst</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (replaced later)</source>
        <translation>%1 (later vervangen)</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>When</source>
        <translation>Wanneer</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Who</source>
        <translation>Wie</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>What</source>
        <translation>Wat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>TopicChooser</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/topic_chooser.py" line="+89"/>
        <source>Survey topics</source>
        <translation>Onderwerpen</translation>
    </message>
</context>
<context>
    <name>TopicForm</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/topic_form.py" line="+82"/>
        <source>Required</source>
        <translation>Verplicht</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>* required</source>
        <translation>* verplicht</translation>
    </message>
</context>
<context>
    <name>TopicPage</name>
    <message>
        <location filename="../../otb_desktop/ui/panel/topic_page.py" line="+72"/>
        <source>&amp;Save</source>
        <translation>&amp;Opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Discard changes</source>
        <translation>Wijzigingen &amp;verwerpen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Restore this value</source>
        <translation>Deze waarde &amp;terugzetten</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save the values of the chosen earlier observation again, as a new observation (nothing is deleted)</source>
        <translation>De waarden van de gekozen eerdere waarneming opnieuw opslaan als nieuwe waarneming (er wordt niets gewist)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Discard</source>
        <translation>Verwerpen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>History</source>
        <translation>Geschiedenis</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>Unsaved input from %1 restored.</source>
        <translation>Niet-opgeslagen invoer van %1 hersteld.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Conflict: this topic was changed on more than one device. Choose the version to keep (or correct the values) and save; every version stays in the history.</source>
        <translation>Conflict: dit onderwerp is op meer dan één apparaat gewijzigd. Kies de versie die blijft (of verbeter de waarden) en sla op; elke versie blijft in de geschiedenis.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Differences: %1</source>
        <translation>Verschillen: %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>none</source>
        <translation>geen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Put the values of version %1 (%2) in the form</source>
        <translation>De waarden van versie %1 (%2) in het formulier zetten</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Version of %1 in the form; save to resolve the conflict.</source>
        <translation>Versie van %1 staat in het formulier; sla op om het conflict op te lossen.</translation>
    </message>
    <message>
        <location line="+150"/>
        <source>Save or discard the changes in the form first; then restore the value.</source>
        <translation>Sla de wijzigingen in het formulier eerst op of verwerp ze; zet daarna de waarde terug.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The value of %1 was restored as a new observation.</source>
        <translation>De waarde van %1 is teruggezet als nieuwe waarneming.</translation>
    </message>
    <message>
        <location line="-184"/>
        <source>Use %1</source>
        <translation>Versie %1 gebruiken</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Correct the fields marked in red first.</source>
        <translation>Corrigeer eerst de rood gemarkeerde velden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Choose a version (Use 1, Use 2…) or correct a value first.</source>
        <translation>Kies eerst een versie (Gebruik 1, Gebruik 2…) of verbeter een waarde.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing changed.</source>
        <translation>Niets gewijzigd.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save as a new observation (Ctrl+S)</source>
        <translation>Opslaan als nieuwe waarneming (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Nothing to save: the values are unchanged.</source>
        <translation>Niets op te slaan: de waarden zijn ongewijzigd.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Saved at %1 as a new observation.</source>
        <translation>Op %1 opgeslagen als nieuwe waarneming.</translation>
    </message>
</context>
<context>
    <name>UserNameDialog</name>
    <message>
        <location filename="../../otb_desktop/ui/first_start.py" line="-78"/>
        <source>Welcome to OTB Desktop</source>
        <translation>Welkom bij OTB Desktop</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First name and surname</source>
        <translation>Voornaam en achternaam</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your name is recorded with every observation you make on this laptop, so colleagues know who surveyed what. You are asked this only once.</source>
        <translation>Bij elke waarneming op deze laptop wordt de naam hieronder vastgelegd, zodat collega&apos;s weten wie wat heeft geïnventariseerd. Deze vraag komt maar één keer.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Your name:</source>
        <translation>&amp;Naam:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
</context>
<context>
    <name>WeightEditor</name>
    <message>
        <location filename="../../otb_desktop/ui/ranking/weight_editor.py" line="+123"/>
        <source>&amp;Weight profile:</source>
        <translation>&amp;Gewichtenprofiel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Minimum &amp;completeness:</source>
        <translation>Minimale &amp;volledigheid:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the park priorities (ontwikkelkader)</source>
        <translation>Parkprioriteiten gebruiken (ontwikkelkader)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Park &amp;priorities…</source>
        <translation>Park&amp;prioriteiten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Save</source>
        <translation>Op&amp;slaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save &amp;as…</source>
        <translation>Opslaan &amp;als…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Undo changes</source>
        <translation>Wijzigingen &amp;ongedaan maken</translation>
    </message>
    <message>
        <location line="+80"/>
        <source>Give at least one criterion a weight above 0.</source>
        <translation>Geef minstens één criterium een gewicht boven 0.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This profile was changed on two laptops at once; saving resolves the conflict.</source>
        <translation>Dit profiel is op twee laptops tegelijk gewijzigd; opslaan lost het conflict op.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Changed, not saved: the ranking already uses it.</source>
        <translation>Gewijzigd, niet opgeslagen: de rangschikking gebruikt het al.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Save weight profile as</source>
        <translation>Gewichtenprofiel opslaan als</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the new profile:</source>
        <translation>Naam van het nieuwe profiel:</translation>
    </message>
</context>
<context>
    <name>WindowActions</name>
    <message>
        <location filename="../../otb_desktop/ui/actions.py" line="+199"/>
        <source>&amp;File</source>
        <translation>&amp;Bestand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Import</source>
        <translation>&amp;Importeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export</source>
        <translation>&amp;Exporteren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Parcel</source>
        <translation>&amp;Perceel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>Bee&amp;ld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Colour map by</source>
        <translation>Kaart &amp;kleuren op</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>&amp;Taal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cadastral &amp;parcels…</source>
        <translation>&amp;Kadastrale percelen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import parcels (BRK: GeoPackage, GML, GeoJSON)</source>
        <translation>Percelen importeren (BRK: GeoPackage, GML, GeoJSON)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Buildings…</source>
        <translation>&amp;Panden…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import buildings (BAG)</source>
        <translation>Panden importeren (BAG)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Business park &amp;boundaries…</source>
        <translation>&amp;Grenzen bedrijventerreinen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import business park boundaries</source>
        <translation>Grenzen van bedrijventerreinen importeren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BAG &amp;verblijfsobjecten…</source>
        <translation>BAG-&amp;verblijfsobjecten…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import BAG verblijfsobjecten: floor areas per parcel and dwellings (woonfunctie) for the distance to sensitive buildings</source>
        <translation>BAG-verblijfsobjecten importeren: vloeroppervlak per perceel en woningen (woonfunctie) voor de afstand tot gevoelige objecten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Observations (CSV, Excel)…</source>
        <translation>&amp;Waarnemingen (CSV, Excel)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import survey observations</source>
        <translation>Waarnemingen importeren uit CSV of Excel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;GeoPackage…</source>
        <translation>&amp;GeoPackage…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export parcels with their values</source>
        <translation>Percelen met hun waarden exporteren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;CSV…</source>
        <translation>&amp;CSV…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export parcels as CSV</source>
        <translation>Percelen exporteren als CSV</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Excel…</source>
        <translation>&amp;Excel…</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Export parcels as Excel</source>
        <translation>Percelen exporteren als Excel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load &amp;demo data</source>
        <translation>&amp;Demodata laden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the empty database with synthetic demo data</source>
        <translation>De lege database vullen met synthetische demodata</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>&amp;Afsluiten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Find parcel</source>
        <translation>Perceel &amp;zoeken</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Find a parcel (Ctrl+F)</source>
        <translation>Een perceel zoeken (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next parcel</source>
        <translation>&amp;Volgend perceel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next parcel in the list (%1)</source>
        <translation>Volgend perceel in de lijst (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>P&amp;revious parcel</source>
        <translation>Vo&amp;rig perceel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous parcel in the list (%1)</source>
        <translation>Vorig perceel in de lijst (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save observation</source>
        <translation>Waarneming &amp;opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to &amp;list</source>
        <translation>Naar &amp;lijst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to &amp;map</source>
        <translation>Naar &amp;kaart</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to &amp;parcel panel</source>
        <translation>Naar &amp;perceelpaneel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom to &amp;all</source>
        <translation>Zoom naar &amp;alles</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Show all parcels (Ctrl+0)</source>
        <translation>Alle percelen tonen (Ctrl+0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom to &amp;business park</source>
        <translation>Zoom naar &amp;bedrijventerrein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the business park of the selected parcel</source>
        <translation>Het bedrijventerrein van het geselecteerde perceel tonen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom to &amp;selection</source>
        <translation>Zoom naar &amp;selectie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the selected parcels</source>
        <translation>De geselecteerde percelen tonen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Survey &amp;progress…</source>
        <translation>&amp;Voortgang inventarisatie…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Survey progress per business park (Ctrl+Shift+P)</source>
        <translation>Voortgang van de inventarisatie per bedrijventerrein (Ctrl+Shift+P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Sneltoetsen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About OTB Desktop</source>
        <translation>&amp;Over OTB Desktop</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Save the observation being edited (%1)</source>
        <translation>De bewerkte waarneming opslaan (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>All</source>
        <translation>Alles</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Selection</source>
        <translation>Selectie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Progress</source>
        <translation>Voortgang</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import</source>
        <translation>Importeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>Exporteren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next</source>
        <translation>Volgende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous</source>
        <translation>Vorige</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>Opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Toolbar</source>
        <translation>Werkbalk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colour map by:</source>
        <translation>Kaart kleuren op:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Find a parcel by address, designation or park</source>
        <translation>Perceel zoeken op adres, kadastrale aanduiding of bedrijventerrein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter / Down</source>
        <translation>Enter / Pijl omlaag</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From the search box to the result list</source>
        <translation>Van het zoekveld naar de resultatenlijst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Clear the search box</source>
        <translation>Zoekveld leegmaken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next parcel in the list</source>
        <translation>Volgend perceel in de lijst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Previous parcel in the list</source>
        <translation>Vorig perceel in de lijst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save the observation being edited</source>
        <translation>De bewerkte waarneming opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to the parcel list</source>
        <translation>Naar de perceellijst</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to the map</source>
        <translation>Naar de kaart</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Go to the parcel panel</source>
        <translation>Naar het perceelpaneel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt+1 … Alt+7</source>
        <translation>Alt+1 … Alt+7</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Survey topic in the parcel panel</source>
        <translation>Onderwerp in het perceelpaneel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Tab / Ctrl+Shift+Tab</source>
        <translation>Ctrl+Tab / Ctrl+Shift+Tab</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next / previous survey topic</source>
        <translation>Volgend / vorig onderwerp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tab / Shift+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Next / previous field</source>
        <translation>Volgend / vorig veld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In a form: on to the next field</source>
        <translation>In een formulier: naar het volgende veld</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ctrl+Enter</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In a form: save</source>
        <translation>In een formulier: opslaan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F4 or Space</source>
        <translation>F4 of spatiebalk</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Open a drop-down list in a form</source>
        <translation>Keuzelijst in een formulier openen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F4</source>
        <translation>F4</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>In a date field: open the calendar</source>
        <translation>In een datumveld: de kalender openen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>+ / − / Z</source>
        <translation>+ / − / Z</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>On the map: zoom in / out / to the selection</source>
        <translation>Op de kaart: inzoomen / uitzoomen / zoomen naar de selectie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom the map to all parcels</source>
        <translation>Kaart zoomen naar alle percelen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Survey progress per business park</source>
        <translation>Voortgang van de inventarisatie per bedrijventerrein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This overview</source>
        <translation>Dit overzicht</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Keyboard shortcuts</source>
        <translation>Sneltoetsen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A whole survey can be done without the mouse:</source>
        <translation>Een volledige inventarisatie lukt ook zonder muis:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>About OTB Desktop</source>
        <translation>Over OTB Desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;b&gt;OTB Desktop %1&lt;/b&gt;&lt;p&gt;Inventory and redevelopment of the business parks of the municipality of Hengelo (Omgevingsprogramma Toekomstbestendige Bedrijventerreinen 2026–2029).&lt;/p&gt;&lt;p&gt;Database: %2&lt;/p&gt;</source>
        <translation>&lt;b&gt;OTB Desktop %1&lt;/b&gt;&lt;p&gt;Inventarisatie en herontwikkeling van de bedrijventerreinen van de gemeente Hengelo (Omgevingsprogramma Toekomstbestendige Bedrijventerreinen 2026–2029).&lt;/p&gt;&lt;p&gt;Database: %2&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>WindowCommands</name>
    <message>
        <location filename="../../otb_desktop/ui/commands.py" line="+40"/>
        <source>Import cadastral parcels</source>
        <translation>Kadastrale percelen importeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import buildings</source>
        <translation>Panden importeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import business park boundaries</source>
        <translation>Grenzen van bedrijventerreinen importeren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import BAG verblijfsobjecten</source>
        <translation>BAG-verblijfsobjecten importeren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GIS files (*.gpkg *.gml *.xml *.geojson *.json);;All files (*)</source>
        <translation>GIS-bestanden (*.gpkg *.gml *.xml *.geojson *.json);;Alle bestanden (*)</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+34"/>
        <source>Importing %1…</source>
        <translation>%1 importeren…</translation>
    </message>
    <message>
        <location line="-29"/>
        <location line="+17"/>
        <location line="+4"/>
        <source>Import observations</source>
        <translation>Waarnemingen importeren</translation>
    </message>
    <message>
        <location line="-20"/>
        <source>Spreadsheets (*.xlsx *.csv);;All files (*)</source>
        <translation>Spreadsheets (*.xlsx *.csv);;Alle bestanden (*)</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>Import the other %n row(s) and skip the bad ones?</source>
        <translation>
            <numerusform>De andere rij importeren en de foute overslaan?</numerusform>
            <numerusform>De andere %n rijen importeren en de foute overslaan?</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel (*.xlsx)</source>
        <translation>Excel (*.xlsx)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export parcels</source>
        <translation>Percelen exporteren</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Exporting to %1…</source>
        <translation>Exporteren naar %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Loading demo data…</source>
        <translation>Demodata laden…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Done</source>
        <translation>Gereed</translation>
    </message>
</context>
<context>
    <name>ZoomButtons</name>
    <message>
        <location filename="../../otb_desktop/ui/map/canvas.py" line="-379"/>
        <source>Zoom in (+)</source>
        <translation>Inzoomen (+)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zoom out (−)</source>
        <translation>Uitzoomen (−)</translation>
    </message>
</context>
</TS>
