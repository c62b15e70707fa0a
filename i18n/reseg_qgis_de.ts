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
        <location filename="../reseg_qgis/gui/dock.py" line="75"/>
        <source>ReSeg segmentation</source>
        <translation>ReSeg-Segmentierung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="94"/>
        <source>Raster layer</source>
        <translation>Rasterlayer</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="96"/>
        <source>Type your own…</source>
        <translation>Eigene Klassen eingeben…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="100"/>
        <source>Class set</source>
        <translation>Klassensatz</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="102"/>
        <source>Classes: one per line or separated by “;”, commas between synonyms</source>
        <translation>Klassen: eine pro Zeile oder durch „;“ getrennt, Synonyme durch Kommas</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="127"/>
        <source>Model preset</source>
        <translation>Modellvoreinstellung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="135"/>
        <source>Use SAM regions</source>
        <translation>SAM-Regionen verwenden</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="235"/>
        <source>Checking the device…</source>
        <translation>Gerät wird geprüft…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="152"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="122"/>
        <source>GeoTIFF (*.tif)</source>
        <translation>GeoTIFF (*.tif)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="123"/>
        <source>[temporary file]</source>
        <translation>[temporäre Datei]</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="124"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="128"/>
        <source>Preview visible extent</source>
        <translation>Sichtbaren Ausschnitt vorschauen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="130"/>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="123"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="166"/>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="170"/>
        <source>CLIP model</source>
        <translation>CLIP-Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="171"/>
        <source>SAM model</source>
        <translation>SAM-Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="176"/>
        <source>Window size</source>
        <translation>Fenstergröße</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="174"/>
        <source>the model&apos;s input size</source>
        <translation>Eingabegröße des Modells</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="179"/>
        <source>half the window</source>
        <translation>halbes Fenster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="184"/>
        <source>Window overlap</source>
        <translation>Fensterüberlappung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="188"/>
        <source>Unclassified threshold</source>
        <translation>Schwelle für „nicht klassifiziert“</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="197"/>
        <source>the preset&apos;s</source>
        <translation>aus der Voreinstellung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="244"/>
        <source>Unavailable: {}</source>
        <translation>Nicht verfügbar: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="246"/>
        <source>ReSeg: checking the device</source>
        <translation>ReSeg: Gerät wird geprüft</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="252"/>
        <source>Classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="279"/>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="303"/>
        <source>ReSeg</source>
        <translation>ReSeg</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="290"/>
        <source>Choose a raster layer first.</source>
        <translation>Wählen Sie zuerst einen Rasterlayer.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="309"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="317"/>
        <source>Cancelling after the current windows…</source>
        <translation>Abbruch nach den laufenden Fenstern…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="234"/>
        <source>Cancelled; nothing was written.</source>
        <translation>Abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="339"/>
        <source>The segmentation failed; see the log messages.</source>
        <translation>Die Segmentierung ist fehlgeschlagen; siehe Protokollmeldungen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="344"/>
        <source>Added {} with {} classes.</source>
        <translation>{} mit {} Klassen hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="63"/>
        <source>ReSeg settings and weights</source>
        <translation>ReSeg-Einstellungen und -Gewichte</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="72"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="73"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="89"/>
        <source>Model cache folder</source>
        <translation>Ordner des Modell-Caches</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="154"/>
        <source>Allow downloading missing model weights</source>
        <translation>Herunterladen fehlender Modellgewichte erlauben</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="96"/>
        <source>Default device</source>
        <translation>Standardgerät</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="97"/>
        <source>Empty folder: $RESEG_CACHE_DIR, else your user cache folder. Weights never go into the plugin folder, which QGIS replaces on upgrades.</source>
        <translation>Leerer Ordner: $RESEG_CACHE_DIR, sonst Ihr Benutzer-Cache-Ordner. Gewichte kommen nie in den Plugin-Ordner, den QGIS bei Aktualisierungen ersetzt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="109"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="109"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="109"/>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="109"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="109"/>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="119"/>
        <source>Download selected</source>
        <translation>Auswahl herunterladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="121"/>
        <source>Import from folder…</source>
        <translation>Aus Ordner importieren…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="237"/>
        <source>Model cache</source>
        <translation>Modell-Cache</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="149"/>
        <source>Model cache: {}</source>
        <translation>Modell-Cache: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="154"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="154"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="163"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="163"/>
        <source>needs {}</source>
        <translation>benötigt {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="165"/>
        <source>Presets: </source>
        <translation>Voreinstellungen: </translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="188"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="190"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="201"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="201"/>
        <source>Select models that are not installed yet.</source>
        <translation>Wählen Sie Modelle, die noch nicht installiert sind.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="207"/>
        <source>Installed {}.</source>
        <translation>{} installiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="209"/>
        <source>ReSeg: downloading {}</source>
        <translation>ReSeg: {} wird heruntergeladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="212"/>
        <source>Folder with model weights</source>
        <translation>Ordner mit Modellgewichten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="222"/>
        <source>Imported: {}.</source>
        <translation>Importiert: {}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="222"/>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="224"/>
        <source>Refused: {}</source>
        <translation>Abgelehnt: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="227"/>
        <source>ReSeg: importing weights</source>
        <translation>ReSeg: Gewichte werden importiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="40"/>
        <source>ReSeg segmentation panel</source>
        <translation>ReSeg-Segmentierungsbereich</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="44"/>
        <source>ReSeg settings and weights…</source>
        <translation>ReSeg-Einstellungen und -Gewichte…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="63"/>
        <source>Segment raster by class prompts</source>
        <translation>Raster nach Klassenbegriffen segmentieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="66"/>
        <source>Segmentation</source>
        <translation>Segmentierung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="72"/>
        <source>segmentation,classification,land cover,CLIP,SAM,open vocabulary,zero-shot,AI</source>
        <translation>Segmentierung,Klassifikation,Landbedeckung,CLIP,SAM,offenes Vokabular,Zero-Shot,KI</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="84"/>
        <source>&lt;p&gt;Classifies every pixel of a raster into the classes you type, with no training and no labels (ReSeg-CLIP: CLIP whose attention is confined to Segment Anything regions).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Classes&lt;/b&gt;: one class per line or separated by &lt;i&gt;;&lt;/i&gt;, commas between synonyms, e.g. &lt;i&gt;water; tree, forest; building&lt;/i&gt;. Name the other things in the scene too: every pixel goes to the most similar class.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bands&lt;/b&gt;: 1 band (grey) or 3 bands (red, green, blue); default bands 1–3. 16-bit and float data are stretched between their 2nd and 98th percentiles.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Extent&lt;/b&gt;: only this part of the raster. &lt;b&gt;Model preset&lt;/b&gt;: &lt;i&gt;fast&lt;/i&gt; (CLIP ViT-B/16 without SAM, quick previews), &lt;i&gt;balanced&lt;/i&gt; (ViT-B/16 with SAM ViT-B) or &lt;i&gt;quality&lt;/i&gt; (ViT-L/14 with SAM ViT-H, as published; use a GPU). &lt;b&gt;CLIP/SAM model&lt;/b&gt; replace the preset's, e.g. a composed remote-sensing CLIP. &lt;b&gt;Use SAM regions&lt;/b&gt; off runs CLIP alone.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Window&lt;/b&gt; and &lt;b&gt;overlap&lt;/b&gt; (pixels): the raster is processed in overlapping windows whose scores are blended without seams; by default the CLIP model's input size (224 px) and half of it. &lt;b&gt;Processing scale&lt;/b&gt; resamples first (0.5 = half resolution) so objects reach the size CLIP sees; or give a &lt;b&gt;target resolution&lt;/b&gt; in map units. &lt;b&gt;Unclassified threshold&lt;/b&gt;: pixels whose top class probability is below it get 0.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Device&lt;/b&gt;: auto uses the GPU when there is one. &lt;b&gt;Allow downloads&lt;/b&gt; fetches missing model weights (verified) into the model cache; without it, import them in ReSeg ▸ Settings and weights.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Output&lt;/b&gt;: a GeoTIFF with the input's grid, 0 = nodata or unclassified and classes 1..N in the order typed, with a colour table and a legend of your class names. &lt;b&gt;Class colours&lt;/b&gt;: #rrggbb in class order, or name=#rrggbb; by default colours that suit common class names. &lt;b&gt;Confidence&lt;/b&gt; optionally writes the top probability.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Klassifiziert jedes Pixel eines Rasters in die eingegebenen Klassen, ohne Training und ohne Beschriftungen (ReSeg-CLIP: CLIP, dessen Aufmerksamkeit auf Segment-Anything-Regionen beschränkt ist).&lt;/p&gt;&lt;p&gt;&lt;b&gt;Klassen&lt;/b&gt;: eine Klasse pro Zeile oder durch &lt;i&gt;;&lt;/i&gt; getrennt, Synonyme durch Kommas, z. B. &lt;i&gt;Wasser; Baum, Wald; Gebäude&lt;/i&gt; (englische Begriffe funktionieren am besten). Benennen Sie auch die übrigen Dinge im Bild: Jedes Pixel geht an die ähnlichste Klasse.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Bänder&lt;/b&gt;: 1 Band (grau) oder 3 Bänder (Rot, Grün, Blau); Standard Bänder 1–3. 16-Bit- und Gleitkommadaten werden zwischen ihrem 2. und 98. Perzentil gestreckt.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausdehnung&lt;/b&gt;: nur dieser Teil des Rasters. &lt;b&gt;Modellvoreinstellung&lt;/b&gt;: &lt;i&gt;fast&lt;/i&gt; (CLIP ViT-B/16 ohne SAM, schnelle Vorschauen), &lt;i&gt;balanced&lt;/i&gt; (ViT-B/16 mit SAM ViT-B) oder &lt;i&gt;quality&lt;/i&gt; (ViT-L/14 mit SAM ViT-H, wie veröffentlicht; nutzen Sie eine GPU). &lt;b&gt;CLIP-/SAM-Modell&lt;/b&gt; ersetzen die der Voreinstellung, z. B. durch ein zusammengesetztes Fernerkundungs-CLIP. Ohne &lt;b&gt;SAM-Regionen&lt;/b&gt; läuft CLIP allein.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Fenster&lt;/b&gt; und &lt;b&gt;Überlappung&lt;/b&gt; (Pixel): Das Raster wird in überlappenden Fenstern verarbeitet, deren Bewertungen nahtlos überblendet werden; standardmäßig in der Eingabegröße des CLIP-Modells (224 px) und der Hälfte davon. Der &lt;b&gt;Verarbeitungsmaßstab&lt;/b&gt; tastet vorher neu ab (0,5 = halbe Auflösung), damit Objekte die Größe erreichen, die CLIP sieht; oder geben Sie eine &lt;b&gt;Zielauflösung&lt;/b&gt; in Karteneinheiten an. &lt;b&gt;Schwelle für „nicht klassifiziert“&lt;/b&gt;: Pixel, deren höchste Klassenwahrscheinlichkeit darunter liegt, erhalten 0.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Gerät&lt;/b&gt;: auto nutzt die GPU, wenn eine vorhanden ist. &lt;b&gt;Herunterladen erlauben&lt;/b&gt; lädt fehlende Modellgewichte (geprüft) in den Modell-Cache; andernfalls importieren Sie sie unter ReSeg ▸ Einstellungen und Gewichte.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Ausgabe&lt;/b&gt;: ein GeoTIFF mit dem Raster des Eingangs, 0 = NoData oder nicht klassifiziert und Klassen 1..N in der eingegebenen Reihenfolge, mit Farbtabelle und einer Legende aus Ihren Klassennamen. &lt;b&gt;Klassenfarben&lt;/b&gt;: #rrggbb in Klassenreihenfolge oder Name=#rrggbb; standardmäßig Farben, die zu gängigen Klassennamen passen. &lt;b&gt;Konfidenz&lt;/b&gt; schreibt auf Wunsch die höchste Wahrscheinlichkeit.&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="120"/>
        <source>Input raster</source>
        <translation>Eingaberaster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="121"/>
        <source>Classes (one per line or &apos;;&apos;, commas between synonyms)</source>
        <translation>Klassen (eine pro Zeile oder durch „;“ getrennt, Synonyme durch Kommas)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="123"/>
        <source>Bands (1 or 3; default 1–3)</source>
        <translation>Bänder (1 oder 3; Standard 1–3)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="125"/>
        <source>Extent (default: whole raster)</source>
        <translation>Ausdehnung (Standard: ganzes Raster)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="129"/>
        <source>CLIP model (default: the preset&apos;s)</source>
        <translation>CLIP-Modell (Standard: aus der Voreinstellung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="132"/>
        <source>SAM model (default: the preset&apos;s)</source>
        <translation>SAM-Modell (Standard: aus der Voreinstellung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="136"/>
        <source>Window size in pixels (0 = the CLIP model&apos;s input size)</source>
        <translation>Fenstergröße in Pixeln (0 = Eingabegröße des CLIP-Modells)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="140"/>
        <source>Window overlap in pixels (-1 = half the window)</source>
        <translation>Fensterüberlappung in Pixeln (-1 = halbes Fenster)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="143"/>
        <source>Processing scale (1 = native resolution)</source>
        <translation>Verarbeitungsmaßstab (1 = Originalauflösung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="146"/>
        <source>Target resolution in map units (0 = use the scale)</source>
        <translation>Zielauflösung in Karteneinheiten (0 = Maßstab verwenden)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="149"/>
        <source>Unclassified threshold (top probability)</source>
        <translation>Schwelle für „nicht klassifiziert“ (höchste Wahrscheinlichkeit)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="157"/>
        <source>Class colours (#rrggbb in class order, or name=#rrggbb)</source>
        <translation>Klassenfarben (#rrggbb in Klassenreihenfolge oder name=#rrggbb)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="159"/>
        <source>Classified raster</source>
        <translation>Klassifiziertes Raster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="160"/>
        <source>Confidence raster</source>
        <translation>Konfidenzraster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="215"/>
        <source>The input raster cannot be opened.</source>
        <translation>Das Eingaberaster kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="217"/>
        <source>ReSeg reads rasters through GDAL; save this layer as a GeoTIFF first (Export ▸ Save As…).</source>
        <translation>ReSeg liest Raster über GDAL; speichern Sie diesen Layer zuerst als GeoTIFF (Exportieren ▸ Speichern als…).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="274"/>
        <source>Downloading model weights: {} of {} MB</source>
        <translation>Modellgewichte werden heruntergeladen: {} von {} MB</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="246"/>
        <source>unclassified / nodata</source>
        <translation>nicht klassifiziert / NoData</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="263"/>
        <source>Model weights are not installed: {names}. Tick “Allow downloading missing model weights” (or set it in ReSeg ▸ Settings and weights) to fetch them into {cache}, or import the published files from a folder in ReSeg ▸ Settings and weights.</source>
        <translation>Modellgewichte sind nicht installiert: {names}. Aktivieren Sie „Herunterladen fehlender Modellgewichte erlauben“ (oder stellen Sie es unter ReSeg ▸ Einstellungen und Gewichte ein), um sie nach {cache} zu laden, oder importieren Sie die veröffentlichten Dateien aus einem Ordner unter ReSeg ▸ Einstellungen und Gewichte.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="155"/>
        <source>ReSeg needs its Python environment (PyTorch and the models&apos; libraries) before the first run.</source>
        <translation>ReSeg braucht vor dem ersten Lauf seine Python-Umgebung (PyTorch und die Bibliotheken der Modelle).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="158"/>
        <source>Install…</source>
        <translation>Installieren…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="228"/>
        <source>Not installed yet</source>
        <translation>Noch nicht installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="228"/>
        <source>ReSeg: installing the Python environment</source>
        <translation>ReSeg: Python-Umgebung wird installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="41"/>
        <source>Detect (recommended)</source>
        <translation>Erkennen (empfohlen)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="41"/>
        <source>CPU only</source>
        <translation>Nur CPU</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="42"/>
        <source>The package index&apos;s default</source>
        <translation>Standard des Paketindex</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="43"/>
        <source>CUDA {}</source>
        <translation>CUDA {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="49"/>
        <source>ReSeg Python environment</source>
        <translation>ReSeg-Python-Umgebung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="63"/>
        <source>Looking for an NVIDIA GPU…</source>
        <translation>Suche nach einer NVIDIA-GPU…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="89"/>
        <source>Install options</source>
        <translation>Installationsoptionen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="96"/>
        <source>PyTorch build</source>
        <translation>PyTorch-Variante</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="98"/>
        <source>PyPI (https://pypi.org/simple)</source>
        <translation>PyPI (https://pypi.org/simple)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="99"/>
        <source>Package index (mirror)</source>
        <translation>Paketindex (Spiegel)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="101"/>
        <source>Extra package index</source>
        <translation>Zusätzlicher Paketindex</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="105"/>
        <source>Folder of wheels</source>
        <translation>Ordner mit Wheels</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="106"/>
        <source>Offline: install only from the folder of wheels</source>
        <translation>Offline: nur aus dem Ordner mit Wheels installieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="110"/>
        <source>none set in QGIS (the system&apos;s is used)</source>
        <translation>keiner in QGIS eingestellt (der des Systems wird verwendet)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="111"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="111"/>
        <source>{} (Settings ▸ Options ▸ Network)</source>
        <translation>{} (Einstellungen ▸ Optionen ▸ Netzwerk)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="115"/>
        <source>Your own Python environment (advanced)</source>
        <translation>Eigene Python-Umgebung (fortgeschritten)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="121"/>
        <source>Python executable</source>
        <translation>Python-Programm</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="129"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="130"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="132"/>
        <source>Stop the worker when idle for</source>
        <translation>Worker beenden nach Leerlauf von</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="189"/>
        <source>Install</source>
        <translation>Installieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="139"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="141"/>
        <source>Copy diagnostics</source>
        <translation>Diagnose kopieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="179"/>
        <source>&lt;b&gt;Not installed.&lt;/b&gt; ReSeg runs its models in a Python environment of its own, so nothing is installed into QGIS&apos;s Python. &lt;b&gt;Install&lt;/b&gt; downloads PyTorch and the models&apos; libraries (about 1 GB with the CPU build, more with CUDA) into {folder}; it takes a few minutes and needs no terminal.</source>
        <translation>&lt;b&gt;Nicht installiert.&lt;/b&gt; ReSeg führt seine Modelle in einer eigenen Python-Umgebung aus, in das Python von QGIS wird also nichts installiert. &lt;b&gt;Installieren&lt;/b&gt; lädt PyTorch und die Bibliotheken der Modelle (etwa 1 GB mit der CPU-Variante, mehr mit CUDA) nach {folder}; das dauert einige Minuten und braucht kein Terminal.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="184"/>
        <source>The worker runs in your own Python: {path} (from {origin}).</source>
        <translation>Der Worker läuft in Ihrem eigenen Python: {path} (aus {origin}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="189"/>
        <source>Repair (install again)</source>
        <translation>Reparieren (neu installieren)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="199"/>
        <source>The GPU could not be checked: {}</source>
        <translation>Die GPU konnte nicht geprüft werden: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="202"/>
        <source>PyTorch build for this computer: {build}: {reason}.</source>
        <translation>PyTorch-Variante für diesen Rechner: {build}: {reason}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="205"/>
        <source>ReSeg: looking for a GPU</source>
        <translation>ReSeg: Suche nach einer GPU</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="248"/>
        <source>The Python environment is installed and works.</source>
        <translation>Die Python-Umgebung ist installiert und funktioniert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="253"/>
        <source>Cancelled; nothing was installed.</source>
        <translation>Abgebrochen; nichts wurde installiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="259"/>
        <source>Remove the environment</source>
        <translation>Umgebung entfernen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="259"/>
        <source>Remove ReSeg&apos;s Python environment? The model weights stay in the model cache.</source>
        <translation>Die Python-Umgebung von ReSeg entfernen? Die Modellgewichte bleiben im Modell-Cache.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="270"/>
        <source>Removed {}.</source>
        <translation>{} entfernt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="290"/>
        <source>Diagnostics copied to the clipboard.</source>
        <translation>Diagnose in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="303"/>
        <source>The install is still running; cancel it first.</source>
        <translation>Die Installation läuft noch; brechen Sie sie zuerst ab.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="46"/>
        <source>Python environment…</source>
        <translation>Python-Umgebung…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="276"/>
        <source>Loading the models</source>
        <translation>Modelle werden geladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="276"/>
        <source>Embedding the class names</source>
        <translation>Klassennamen werden eingebettet</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="277"/>
        <source>Writing</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="277"/>
        <source>SAM regions {}/{}</source>
        <translation>SAM-Regionen {}/{}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="277"/>
        <source>CLIP windows {}/{}</source>
        <translation>CLIP-Fenster {}/{}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/worker_session.py" line="34"/>
        <source>ReSeg's Python environment is not installed yet. Install it from Raster ▸ ReSeg ▸ Python environment… (one click, no terminal), or name a Python environment of your own there.</source>
        <translation>Die Python-Umgebung von ReSeg ist noch nicht installiert. Installieren Sie sie über Raster ▸ ReSeg ▸ Python-Umgebung… (ein Klick, kein Terminal), oder geben Sie dort eine eigene Python-Umgebung an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="122"/>
        <source>A Python 3.11 or newer with the packages of the plugin&apos;s runtime/requirements.txt. Empty: the environment installed here. The variable RESEG_WORKER_PYTHON, when set, comes first.</source>
        <translation>Ein Python 3.11 oder neuer mit den Paketen aus runtime/requirements.txt des Plugins. Leer: die hier installierte Umgebung. Die Variable RESEG_WORKER_PYTHON hat, wenn gesetzt, Vorrang.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="174"/>
        <source>&lt;b&gt;Installed&lt;/b&gt; in {folder} on {date}: Python {python}, PyTorch {torch}; {device}.</source>
        <translation>&lt;b&gt;Installiert&lt;/b&gt; in {folder} am {date}: Python {python}, PyTorch {torch}; {device}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="281"/>
        <source>ReSeg: collecting diagnostics</source>
        <translation>ReSeg: Diagnose wird gesammelt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/worker_session.py" line="32"/>
        <source>ReSeg's Python environment was made for an earlier version of the plugin and needs an update: Raster ▸ ReSeg ▸ Python environment… ▸ Install (one click, no terminal).</source>
        <translation>Die Python-Umgebung von ReSeg wurde für eine frühere Version des Plugins angelegt und muss aktualisiert werden: Raster ▸ ReSeg ▸ Python-Umgebung… ▸ Installieren (ein Klick, kein Terminal).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/worker_session.py" line="41"/>
        <source>Repair the environment: Raster ▸ ReSeg ▸ Python environment… ▸ Repair.</source>
        <translation>Reparieren Sie die Umgebung: Raster ▸ ReSeg ▸ Python-Umgebung… ▸ Reparieren.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/worker_session.py" line="42"/>
        <source>Does {} have the packages of the plugin's runtime/requirements.txt? Check it with “python -m reseg_qgis.engine check”, or let Raster ▸ ReSeg ▸ Python environment… install an environment.</source>
        <translation>Hat {} die Pakete aus runtime/requirements.txt des Plugins? Prüfen Sie es mit „python -m reseg_qgis.engine check“, oder lassen Sie Raster ▸ ReSeg ▸ Python-Umgebung… eine Umgebung installieren.</translation>
    </message>
</context>
</TS>
