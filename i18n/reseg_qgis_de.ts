<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>@default</name>
    <message>
        <location filename="../reseg_qgis/processing_provider/provider.py" line="25"/>
        <source>ReSeg open-vocabulary segmentation</source>
        <translation>ReSeg-Segmentierung mit offenem Vokabular</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="71"/>
        <source>ReSeg segmentation</source>
        <translation>ReSeg-Segmentierung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="88"/>
        <source>Raster layer</source>
        <translation>Rasterlayer</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="90"/>
        <source>Type your own…</source>
        <translation>Eigene Klassen eingeben…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="94"/>
        <source>Class set</source>
        <translation>Klassensatz</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="96"/>
        <source>Classes: one per line or separated by “;”, commas between synonyms</source>
        <translation>Klassen: eine pro Zeile oder durch „;“ getrennt, Synonyme durch Kommas</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="122"/>
        <source>Model preset</source>
        <translation>Modellvoreinstellung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="130"/>
        <source>Use SAM regions</source>
        <translation>SAM-Regionen verwenden</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="111"/>
        <source>Checking the device…</source>
        <translation>Gerät wird geprüft…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="147"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="116"/>
        <source>GeoTIFF (*.tif)</source>
        <translation>GeoTIFF (*.tif)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="117"/>
        <source>[temporary file]</source>
        <translation>[temporäre Datei]</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="118"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="122"/>
        <source>Preview visible extent</source>
        <translation>Sichtbaren Ausschnitt vorschauen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="124"/>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="120"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="145"/>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="149"/>
        <source>CLIP model</source>
        <translation>CLIP-Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="150"/>
        <source>SAM model</source>
        <translation>SAM-Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="155"/>
        <source>Window size</source>
        <translation>Fenstergröße</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="153"/>
        <source>the model&apos;s input size</source>
        <translation>Eingabegröße des Modells</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="158"/>
        <source>half the window</source>
        <translation>halbes Fenster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="163"/>
        <source>Window overlap</source>
        <translation>Fensterüberlappung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="167"/>
        <source>Unclassified threshold</source>
        <translation>Schwelle für „nicht klassifiziert“</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="176"/>
        <source>the preset&apos;s</source>
        <translation>aus der Voreinstellung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="192"/>
        <source>Missing Python packages: {}</source>
        <translation>Fehlende Python-Pakete: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="203"/>
        <source>Unavailable: {}</source>
        <translation>Nicht verfügbar: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="205"/>
        <source>ReSeg: checking the device</source>
        <translation>ReSeg: Gerät wird geprüft</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="274"/>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="238"/>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="302"/>
        <source>ReSeg</source>
        <translation>ReSeg</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="249"/>
        <source>Choose a raster layer first.</source>
        <translation>Wählen Sie zuerst einen Rasterlayer.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="265"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="273"/>
        <source>Cancelling after the current windows…</source>
        <translation>Abbruch nach den laufenden Fenstern…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="258"/>
        <source>Cancelled; nothing was written.</source>
        <translation>Abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="294"/>
        <source>The segmentation failed; see the log messages.</source>
        <translation>Die Segmentierung ist fehlgeschlagen; siehe Protokollmeldungen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="299"/>
        <source>Added {} with {} classes.</source>
        <translation>{} mit {} Klassen hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="60"/>
        <source>ReSeg settings and weights</source>
        <translation>ReSeg-Einstellungen und -Gewichte</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="69"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="70"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="86"/>
        <source>Model cache folder</source>
        <translation>Ordner des Modell-Caches</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="149"/>
        <source>Allow downloading missing model weights</source>
        <translation>Herunterladen fehlender Modellgewichte erlauben</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="93"/>
        <source>Default device</source>
        <translation>Standardgerät</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="94"/>
        <source>Empty folder: $RESEG_CACHE_DIR, else your user cache folder. Weights never go into the plugin folder, which QGIS replaces on upgrades.</source>
        <translation>Leerer Ordner: $RESEG_CACHE_DIR, sonst Ihr Benutzer-Cache-Ordner. Gewichte kommen nie in den Plugin-Ordner, den QGIS bei Aktualisierungen ersetzt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="106"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="106"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="106"/>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="106"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="106"/>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="116"/>
        <source>Download selected</source>
        <translation>Auswahl herunterladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="118"/>
        <source>Import from folder…</source>
        <translation>Aus Ordner importieren…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="237"/>
        <source>Model cache</source>
        <translation>Modell-Cache</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="146"/>
        <source>Model cache: {}</source>
        <translation>Modell-Cache: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="151"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="151"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="160"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="160"/>
        <source>needs {}</source>
        <translation>benötigt {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="162"/>
        <source>Presets: </source>
        <translation>Voreinstellungen: </translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="185"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="187"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="198"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="198"/>
        <source>Select models that are not installed yet.</source>
        <translation>Wählen Sie Modelle, die noch nicht installiert sind.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="209"/>
        <source>Installed {}.</source>
        <translation>{} installiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="211"/>
        <source>ReSeg: downloading {}</source>
        <translation>ReSeg: {} wird heruntergeladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="214"/>
        <source>Folder with model weights</source>
        <translation>Ordner mit Modellgewichten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="223"/>
        <source>Imported: {}.</source>
        <translation>Importiert: {}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="223"/>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="225"/>
        <source>Refused: {}</source>
        <translation>Abgelehnt: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="228"/>
        <source>ReSeg: importing weights</source>
        <translation>ReSeg: Gewichte werden importiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="38"/>
        <source>ReSeg segmentation panel</source>
        <translation>ReSeg-Segmentierungsbereich</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="42"/>
        <source>ReSeg settings and weights…</source>
        <translation>ReSeg-Einstellungen und -Gewichte…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="58"/>
        <source>Segment raster by class prompts</source>
        <translation>Raster nach Klassenbegriffen segmentieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="61"/>
        <source>Segmentation</source>
        <translation>Segmentierung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="67"/>
        <source>segmentation,classification,land cover,CLIP,SAM,open vocabulary,zero-shot,AI</source>
        <translation>Segmentierung,Klassifikation,Landbedeckung,CLIP,SAM,offenes Vokabular,Zero-Shot,KI</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="79"/>
        <source>&lt;p&gt;Classifies every pixel of a raster into the classes you type, with no training and no labels (ReSeg-CLIP: CLIP whose attention is confined to Segment Anything regions).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Classes&lt;/b&gt;: one class per line or separated by &lt;i&gt;;&lt;/i&gt;, commas between synonyms, e.g. &lt;i&gt;water; tree, forest; building&lt;/i&gt;. Name the other things in the scene too: every pixel goes to the most similar class.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bands&lt;/b&gt;: 1 band (grey) or 3 bands (red, green, blue); default bands 1–3. 16-bit and float data are stretched between their 2nd and 98th percentiles.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Extent&lt;/b&gt;: only this part of the raster. &lt;b&gt;Model preset&lt;/b&gt;: &lt;i&gt;fast&lt;/i&gt; (CLIP ViT-B/16 without SAM, quick previews), &lt;i&gt;balanced&lt;/i&gt; (ViT-B/16 with SAM ViT-B) or &lt;i&gt;quality&lt;/i&gt; (ViT-L/14 with SAM ViT-H, as published; use a GPU). &lt;b&gt;CLIP/SAM model&lt;/b&gt; replace the preset's, e.g. a composed remote-sensing CLIP. &lt;b&gt;Use SAM regions&lt;/b&gt; off runs CLIP alone.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Window&lt;/b&gt; and &lt;b&gt;overlap&lt;/b&gt; (pixels): the raster is processed in overlapping windows whose scores are blended without seams; by default the CLIP model's input size (224 px) and half of it. &lt;b&gt;Processing scale&lt;/b&gt; resamples first (0.5 = half resolution) so objects reach the size CLIP sees; or give a &lt;b&gt;target resolution&lt;/b&gt; in map units. &lt;b&gt;Unclassified threshold&lt;/b&gt;: pixels whose top class probability is below it get 0.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Device&lt;/b&gt;: auto uses the GPU when there is one. &lt;b&gt;Allow downloads&lt;/b&gt; fetches missing model weights (verified) into the model cache; without it, import them in ReSeg ▸ Settings and weights.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output&lt;/b&gt;: a GeoTIFF with the input's grid, 0 = nodata or unclassified and classes 1..N in the order typed, with a colour table and a legend of your class names. &lt;b&gt;Class colours&lt;/b&gt;: #rrggbb in class order, or name=#rrggbb; by default colours that suit common class names. &lt;b&gt;Confidence&lt;/b&gt; optionally writes the top probability.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Klassifiziert jedes Pixel eines Rasters in die eingegebenen Klassen, ohne Training und ohne Beschriftungen (ReSeg-CLIP: CLIP, dessen Aufmerksamkeit auf Segment-Anything-Regionen beschränkt ist).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Klassen&lt;/b&gt;: eine Klasse pro Zeile oder durch &lt;i&gt;;&lt;/i&gt; getrennt, Synonyme durch Kommas, z. B. &lt;i&gt;Wasser; Baum, Wald; Gebäude&lt;/i&gt; (englische Begriffe funktionieren am besten). Benennen Sie auch die übrigen Dinge im Bild: Jedes Pixel geht an die ähnlichste Klasse.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bänder&lt;/b&gt;: 1 Band (grau) oder 3 Bänder (Rot, Grün, Blau); Standard Bänder 1–3. 16-Bit- und Gleitkommadaten werden zwischen ihrem 2. und 98. Perzentil gestreckt.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausdehnung&lt;/b&gt;: nur dieser Teil des Rasters. &lt;b&gt;Modellvoreinstellung&lt;/b&gt;: &lt;i&gt;fast&lt;/i&gt; (CLIP ViT-B/16 ohne SAM, schnelle Vorschauen), &lt;i&gt;balanced&lt;/i&gt; (ViT-B/16 mit SAM ViT-B) oder &lt;i&gt;quality&lt;/i&gt; (ViT-L/14 mit SAM ViT-H, wie veröffentlicht; nutzen Sie eine GPU). &lt;b&gt;CLIP-/SAM-Modell&lt;/b&gt; ersetzen die der Voreinstellung, z. B. durch ein zusammengesetztes Fernerkundungs-CLIP. Ohne &lt;b&gt;SAM-Regionen&lt;/b&gt; läuft CLIP allein.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Fenster&lt;/b&gt; und &lt;b&gt;Überlappung&lt;/b&gt; (Pixel): Das Raster wird in überlappenden Fenstern verarbeitet, deren Bewertungen nahtlos überblendet werden; standardmäßig in der Eingabegröße des CLIP-Modells (224 px) und der Hälfte davon. Der &lt;b&gt;Verarbeitungsmaßstab&lt;/b&gt; tastet vorher neu ab (0,5 = halbe Auflösung), damit Objekte die Größe erreichen, die CLIP sieht; oder geben Sie eine &lt;b&gt;Zielauflösung&lt;/b&gt; in Karteneinheiten an. &lt;b&gt;Schwelle für „nicht klassifiziert“&lt;/b&gt;: Pixel, deren höchste Klassenwahrscheinlichkeit darunter liegt, erhalten 0.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Gerät&lt;/b&gt;: auto nutzt die GPU, wenn eine vorhanden ist. &lt;b&gt;Herunterladen erlauben&lt;/b&gt; lädt fehlende Modellgewichte (geprüft) in den Modell-Cache; andernfalls importieren Sie sie unter ReSeg ▸ Einstellungen und Gewichte.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgabe&lt;/b&gt;: ein GeoTIFF mit dem Raster des Eingangs, 0 = NoData oder nicht klassifiziert und Klassen 1..N in der eingegebenen Reihenfolge, mit Farbtabelle und einer Legende aus Ihren Klassennamen. &lt;b&gt;Klassenfarben&lt;/b&gt;: #rrggbb in Klassenreihenfolge oder Name=#rrggbb; standardmäßig Farben, die zu gängigen Klassennamen passen. &lt;b&gt;Konfidenz&lt;/b&gt; schreibt auf Wunsch die höchste Wahrscheinlichkeit.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="115"/>
        <source>Input raster</source>
        <translation>Eingaberaster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="116"/>
        <source>Classes (one per line or &apos;;&apos;, commas between synonyms)</source>
        <translation>Klassen (eine pro Zeile oder durch „;“ getrennt, Synonyme durch Kommas)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="118"/>
        <source>Bands (1 or 3; default 1–3)</source>
        <translation>Bänder (1 oder 3; Standard 1–3)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="120"/>
        <source>Extent (default: whole raster)</source>
        <translation>Ausdehnung (Standard: ganzes Raster)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="124"/>
        <source>CLIP model (default: the preset&apos;s)</source>
        <translation>CLIP-Modell (Standard: aus der Voreinstellung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="127"/>
        <source>SAM model (default: the preset&apos;s)</source>
        <translation>SAM-Modell (Standard: aus der Voreinstellung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="131"/>
        <source>Window size in pixels (0 = the CLIP model&apos;s input size)</source>
        <translation>Fenstergröße in Pixeln (0 = Eingabegröße des CLIP-Modells)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="135"/>
        <source>Window overlap in pixels (-1 = half the window)</source>
        <translation>Fensterüberlappung in Pixeln (-1 = halbes Fenster)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="138"/>
        <source>Processing scale (1 = native resolution)</source>
        <translation>Verarbeitungsmaßstab (1 = Originalauflösung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="141"/>
        <source>Target resolution in map units (0 = use the scale)</source>
        <translation>Zielauflösung in Karteneinheiten (0 = Maßstab verwenden)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="144"/>
        <source>Unclassified threshold (top probability)</source>
        <translation>Schwelle für „nicht klassifiziert“ (höchste Wahrscheinlichkeit)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="152"/>
        <source>Class colours (#rrggbb in class order, or name=#rrggbb)</source>
        <translation>Klassenfarben (#rrggbb in Klassenreihenfolge oder name=#rrggbb)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="154"/>
        <source>Classified raster</source>
        <translation>Klassifiziertes Raster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="155"/>
        <source>Confidence raster</source>
        <translation>Konfidenzraster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="228"/>
        <source>The input raster cannot be opened.</source>
        <translation>Das Eingaberaster kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="230"/>
        <source>ReSeg reads rasters through GDAL; save this layer as a GeoTIFF first (Export ▸ Save As…).</source>
        <translation>ReSeg liest Raster über GDAL; speichern Sie diesen Layer zuerst als GeoTIFF (Exportieren ▸ Speichern als…).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="239"/>
        <source>Device: {}</source>
        <translation>Gerät: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="244"/>
        <source>Downloading model weights: {} of {} MB</source>
        <translation>Modellgewichte werden heruntergeladen: {} von {} MB</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="249"/>
        <source>Models: {}; layer schedule {}</source>
        <translation>Modelle: {}; Schichtenplan {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="251"/>
        <source>Segmenting</source>
        <translation>Segmentierung läuft</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="269"/>
        <source>unclassified / nodata</source>
        <translation>nicht klassifiziert / NoData</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="287"/>
        <source>Model weights are not installed: {names}. Tick “Allow downloading missing model weights” (or set it in ReSeg ▸ Settings and weights) to fetch them into {cache}, or import the published files from a folder in ReSeg ▸ Settings and weights.</source>
        <translation>Modellgewichte sind nicht installiert: {names}. Aktivieren Sie „Herunterladen fehlender Modellgewichte erlauben“ (oder stellen Sie es unter ReSeg ▸ Einstellungen und Gewichte ein), um sie nach {cache} zu laden, oder importieren Sie die veröffentlichten Dateien aus einem Ordner unter ReSeg ▸ Einstellungen und Gewichte.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="172"/>
        <source>The window overlap ({} px) must be smaller than the window ({} px); half the window is a good choice.</source>
        <translation>Die Fensterüberlappung ({} px) muss kleiner als das Fenster ({} px) sein; die halbe Fenstergröße ist eine gute Wahl.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="169"/>
        <source>A window of {} px is too small: give at least {} px, or 0 for the CLIP model&apos;s input size.</source>
        <translation>Ein Fenster von {} px ist zu klein: Geben Sie mindestens {} px an oder 0 für die Eingabegröße des CLIP-Modells.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="176"/>
        <source>Choose 1 band (shown as grey) or 3 bands (red, green, blue), not {}.</source>
        <translation>Wählen Sie 1 Band (als Grau dargestellt) oder 3 Bänder (Rot, Grün, Blau), nicht {}.</translation>
    </message>
</context>
</TS>
