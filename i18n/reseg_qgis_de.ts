<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>@default</name>
    <message>
        <location filename="../reseg_qgis/processing_provider/provider.py" line="26"/>
        <source>ReSeg open-vocabulary segmentation</source>
        <translation>ReSeg-Segmentierung mit offenem Vokabular</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="183"/>
        <source>ReSeg segmentation</source>
        <translation>ReSeg-Segmentierung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="209"/>
        <source>Raster layer</source>
        <translation>Rasterlayer</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="213"/>
        <source>Type your own…</source>
        <translation>Eigene Klassen eingeben…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="218"/>
        <source>Class set</source>
        <translation>Klassensatz</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="220"/>
        <source>Classes: one per line or separated by “;”, commas between synonyms</source>
        <translation>Klassen: eine pro Zeile oder durch „;“ getrennt, Synonyme durch Kommas</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="134"/>
        <source>Model preset</source>
        <translation>Modellvoreinstellung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="142"/>
        <source>Use SAM regions</source>
        <translation>SAM-Regionen verwenden</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="613"/>
        <source>Checking the device…</source>
        <translation>Gerät wird geprüft…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="159"/>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="245"/>
        <source>GeoTIFF (*.tif)</source>
        <translation>GeoTIFF (*.tif)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="247"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="293"/>
        <source>Preview visible extent</source>
        <translation>Sichtbaren Ausschnitt vorschauen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="295"/>
        <source>Run</source>
        <translation>Starten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="302"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="362"/>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="366"/>
        <source>CLIP model</source>
        <translation>CLIP-Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="367"/>
        <source>SAM model</source>
        <translation>SAM-Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="372"/>
        <source>Window size</source>
        <translation>Fenstergröße</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="370"/>
        <source>the model&apos;s input size</source>
        <translation>Eingabegröße des Modells</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="375"/>
        <source>half the window</source>
        <translation>halbes Fenster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="380"/>
        <source>Window overlap</source>
        <translation>Fensterüberlappung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="384"/>
        <source>Unclassified threshold</source>
        <translation>Schwelle für „nicht klassifiziert“</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="417"/>
        <source>the preset&apos;s</source>
        <translation>aus der Voreinstellung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="624"/>
        <source>Unavailable: {}</source>
        <translation>Nicht verfügbar: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="626"/>
        <source>ReSeg: checking the device</source>
        <translation>ReSeg: Gerät wird geprüft</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="400"/>
        <source>ReSeg</source>
        <translation>ReSeg</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="741"/>
        <source>Choose a raster layer first.</source>
        <translation>Wählen Sie zuerst einen Rasterlayer.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="773"/>
        <source>Starting…</source>
        <translation>Wird gestartet…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/worker_algorithm.py" line="53"/>
        <source>Cancelled; nothing was written.</source>
        <translation>Abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="853"/>
        <source>The segmentation failed; see the log messages.</source>
        <translation>Die Segmentierung ist fehlgeschlagen; siehe Protokollmeldungen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="893"/>
        <source>Added {} with {} classes.</source>
        <translation>{} mit {} Klassen hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="195"/>
        <source>ReSeg settings and weights</source>
        <translation>ReSeg-Einstellungen und -Gewichte</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="205"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="206"/>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="223"/>
        <source>Model cache folder</source>
        <translation>Ordner des Modell-Caches</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="163"/>
        <source>Allow downloading missing model weights</source>
        <translation>Herunterladen fehlender Modellgewichte erlauben</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="234"/>
        <source>Default device</source>
        <translation>Standardgerät</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="224"/>
        <source>Empty folder: $RESEG_CACHE_DIR, else your user cache folder. Weights never go into the plugin folder, which QGIS replaces on upgrades.</source>
        <translation>Leerer Ordner: $RESEG_CACHE_DIR, sonst Ihr Benutzer-Cache-Ordner. Gewichte kommen nie in den Plugin-Ordner, den QGIS bei Aktualisierungen ersetzt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="265"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="265"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="265"/>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="265"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="265"/>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="294"/>
        <source>Download selected</source>
        <translation>Auswahl herunterladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="296"/>
        <source>Import from folder…</source>
        <translation>Aus Ordner importieren…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="506"/>
        <source>Model cache</source>
        <translation>Modell-Cache</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="329"/>
        <source>Model cache: {}</source>
        <translation>Modell-Cache: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="333"/>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="333"/>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="351"/>
        <source>ready</source>
        <translation>bereit</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="348"/>
        <source>needs {}</source>
        <translation>benötigt {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="383"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="386"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="396"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="396"/>
        <source>Select models that are not installed yet.</source>
        <translation>Wählen Sie Modelle, die noch nicht installiert sind.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="413"/>
        <source>Installed {}.</source>
        <translation>{} installiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="415"/>
        <source>ReSeg: downloading {}</source>
        <translation>ReSeg: {} wird heruntergeladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="418"/>
        <source>Folder with model weights</source>
        <translation>Ordner mit Modellgewichten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="72"/>
        <source>Imported: {}.</source>
        <translation>Importiert: {}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="72"/>
        <source>nothing</source>
        <translation>nichts</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="430"/>
        <source>ReSeg: importing weights</source>
        <translation>ReSeg: Gewichte werden importiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="44"/>
        <source>ReSeg segmentation panel</source>
        <translation>ReSeg-Segmentierungsbereich</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="48"/>
        <source>ReSeg settings and weights…</source>
        <translation>ReSeg-Einstellungen und -Gewichte…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="67"/>
        <source>Segment raster by class prompts</source>
        <translation>Raster nach Klassenbegriffen segmentieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/worker_algorithm.py" line="24"/>
        <source>Segmentation</source>
        <translation>Segmentierung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="70"/>
        <source>segmentation,classification,land cover,CLIP,SAM,open vocabulary,zero-shot,AI</source>
        <translation>Segmentierung,Klassifikation,Landbedeckung,CLIP,SAM,offenes Vokabular,Zero-Shot,KI</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="127"/>
        <source>Input raster</source>
        <translation>Eingaberaster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="128"/>
        <source>Classes (one per line or &apos;;&apos;, commas between synonyms)</source>
        <translation>Klassen (eine pro Zeile oder durch „;“ getrennt, Synonyme durch Kommas)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="130"/>
        <source>Bands (1 or 3; default 1–3)</source>
        <translation>Kanäle (1 oder 3; Standard 1–3)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="132"/>
        <source>Extent (default: whole raster)</source>
        <translation>Ausdehnung (Standard: ganzes Raster)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="136"/>
        <source>CLIP model (default: the preset&apos;s)</source>
        <translation>CLIP-Modell (Standard: aus der Voreinstellung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="139"/>
        <source>SAM model (default: the preset&apos;s)</source>
        <translation>SAM-Modell (Standard: aus der Voreinstellung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="143"/>
        <source>Window size in pixels (0 = the CLIP model&apos;s input size)</source>
        <translation>Fenstergröße in Pixeln (0 = Eingabegröße des CLIP-Modells)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="147"/>
        <source>Window overlap in pixels (-1 = half the window)</source>
        <translation>Fensterüberlappung in Pixeln (-1 = halbes Fenster)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="150"/>
        <source>Processing scale (1 = native resolution)</source>
        <translation>Verarbeitungsmaßstab (1 = Originalauflösung)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="153"/>
        <source>Target resolution in map units (0 = use the scale)</source>
        <translation>Zielauflösung in Karteneinheiten (0 = Maßstab verwenden)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="156"/>
        <source>Unclassified threshold (top probability)</source>
        <translation>Schwelle für „nicht klassifiziert“ (höchste Wahrscheinlichkeit)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="166"/>
        <source>Class colours (#rrggbb in class order, or name=#rrggbb)</source>
        <translation>Klassenfarben (#rrggbb in Klassenreihenfolge oder name=#rrggbb)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="168"/>
        <source>Classified raster</source>
        <translation>Klassifiziertes Raster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="169"/>
        <source>Confidence raster</source>
        <translation>Konfidenzraster</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="278"/>
        <source>The input raster cannot be opened.</source>
        <translation>Das Eingaberaster kann nicht geöffnet werden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="280"/>
        <source>ReSeg reads rasters through GDAL; save this layer as a GeoTIFF first (Export ▸ Save As…).</source>
        <translation>ReSeg liest Raster über GDAL; speichern Sie diesen Layer zuerst als GeoTIFF (Exportieren ▸ Speichern als…).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="45"/>
        <source>unclassified / nodata</source>
        <translation>nicht klassifiziert / NoData</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="320"/>
        <source>Model weights are not installed: {names}. Tick “Allow downloading missing model weights” (or set it in ReSeg ▸ Settings and weights) to fetch them into {cache}, or import the published files from a folder in ReSeg ▸ Settings and weights.</source>
        <translation>Modellgewichte sind nicht installiert: {names}. Aktivieren Sie „Herunterladen fehlender Modellgewichte erlauben“ (oder stellen Sie es unter ReSeg ▸ Einstellungen und Gewichte ein), um sie nach {cache} zu laden, oder importieren Sie die veröffentlichten Dateien aus einem Ordner unter ReSeg ▸ Einstellungen und Gewichte.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="351"/>
        <source>ReSeg needs its Python environment (PyTorch and the models&apos; libraries) before the first run.</source>
        <translation>ReSeg braucht vor dem ersten Lauf seine Python-Umgebung (PyTorch und die Bibliotheken der Modelle).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="354"/>
        <source>Install…</source>
        <translation>Installieren…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="576"/>
        <source>Not installed yet</source>
        <translation>Noch nicht installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="242"/>
        <source>ReSeg: installing the Python environment</source>
        <translation>ReSeg: Python-Umgebung wird installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="48"/>
        <source>Detect (recommended)</source>
        <translation>Erkennen (empfohlen)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="48"/>
        <source>CPU only</source>
        <translation>Nur CPU</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="49"/>
        <source>The package index&apos;s default</source>
        <translation>Standard des Paketindex</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="50"/>
        <source>CUDA {}</source>
        <translation>CUDA {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="56"/>
        <source>ReSeg Python environment</source>
        <translation>ReSeg-Python-Umgebung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="71"/>
        <source>Looking for an NVIDIA GPU…</source>
        <translation>Suche nach einer NVIDIA-GPU…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="97"/>
        <source>Install options</source>
        <translation>Installationsoptionen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="104"/>
        <source>PyTorch build</source>
        <translation>PyTorch-Variante</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="106"/>
        <source>PyPI (https://pypi.org/simple)</source>
        <translation>PyPI (https://pypi.org/simple)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="107"/>
        <source>Package index (mirror)</source>
        <translation>Paketindex (Spiegel)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="109"/>
        <source>Extra package index</source>
        <translation>Zusätzlicher Paketindex</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="113"/>
        <source>Folder of wheels</source>
        <translation>Ordner mit Wheels</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="114"/>
        <source>Offline: install only from the folder of wheels</source>
        <translation>Offline: nur aus dem Ordner mit Wheels installieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="118"/>
        <source>none set in QGIS (the system&apos;s is used)</source>
        <translation>keiner in QGIS eingestellt (der des Systems wird verwendet)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="119"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="119"/>
        <source>{} (Settings ▸ Options ▸ Network)</source>
        <translation>{} (Einstellungen ▸ Optionen ▸ Netzwerk)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="123"/>
        <source>Your own Python environment (advanced)</source>
        <translation>Eigene Python-Umgebung (fortgeschritten)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="129"/>
        <source>Python executable</source>
        <translation>Python-Programm</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="137"/>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="138"/>
        <source>never</source>
        <translation>nie</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="140"/>
        <source>Stop the worker when idle for</source>
        <translation>Worker beenden nach Leerlauf von</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="205"/>
        <source>Install</source>
        <translation>Installieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="492"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="149"/>
        <source>Copy diagnostics</source>
        <translation>Diagnose kopieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="193"/>
        <source>&lt;b&gt;Not installed.&lt;/b&gt; ReSeg runs its models in a Python environment of its own, so nothing is installed into QGIS's Python. &lt;b&gt;Install&lt;/b&gt; downloads PyTorch and the models' libraries (about 1 GB with the CPU build, more with CUDA) into {folder}; it takes a few minutes and needs no terminal. Without internet: &lt;b&gt;Offline bundle ▸ Install from bundle…&lt;/b&gt;, with a bundle made on a computer that has it.</source>
        <translation>&lt;b&gt;Nicht installiert.&lt;/b&gt; ReSeg führt seine Modelle in einer eigenen Python-Umgebung aus, in das Python von QGIS wird also nichts installiert. &lt;b&gt;Installieren&lt;/b&gt; lädt PyTorch und die Bibliotheken der Modelle (etwa 1 GB mit der CPU-Variante, mehr mit CUDA) nach {folder}; das dauert einige Minuten und braucht kein Terminal. Ohne Internet: &lt;b&gt;Offline-Paket ▸ Aus Paket installieren…&lt;/b&gt;, mit einem Paket, das auf einem Rechner mit Internet erstellt wurde.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="200"/>
        <source>The worker runs in your own Python: {path} (from {origin}).</source>
        <translation>Der Worker läuft in Ihrem eigenen Python: {path} (aus {origin}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="205"/>
        <source>Repair (install again)</source>
        <translation>Reparieren (neu installieren)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="215"/>
        <source>The GPU could not be checked: {}</source>
        <translation>Die GPU konnte nicht geprüft werden: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="218"/>
        <source>PyTorch build for this computer: {build}: {reason}.</source>
        <translation>PyTorch-Variante für diesen Rechner: {build}: {reason}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="221"/>
        <source>ReSeg: looking for a GPU</source>
        <translation>ReSeg: Suche nach einer GPU</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="298"/>
        <source>The Python environment is installed and works.</source>
        <translation>Die Python-Umgebung ist installiert und funktioniert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="299"/>
        <source>Cancelled; nothing was installed.</source>
        <translation>Abgebrochen; nichts wurde installiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="356"/>
        <source>Remove the environment</source>
        <translation>Umgebung entfernen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="356"/>
        <source>Remove ReSeg&apos;s Python environment? The model weights stay in the model cache.</source>
        <translation>Die Python-Umgebung von ReSeg entfernen? Die Modellgewichte bleiben im Modell-Cache.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="489"/>
        <source>Removed {}.</source>
        <translation>{} entfernt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="387"/>
        <source>Diagnostics copied to the clipboard.</source>
        <translation>Diagnose in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="400"/>
        <source>The install is still running; cancel it first.</source>
        <translation>Die Installation läuft noch; brechen Sie sie zuerst ab.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/plugin.py" line="50"/>
        <source>Python environment…</source>
        <translation>Python-Umgebung…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="60"/>
        <source>Loading the models</source>
        <translation>Modelle werden geladen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="60"/>
        <source>Embedding the class names</source>
        <translation>Klassennamen werden eingebettet</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="61"/>
        <source>Writing</source>
        <translation>Schreiben</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="61"/>
        <source>SAM regions {}/{}</source>
        <translation>SAM-Regionen {}/{}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="61"/>
        <source>CLIP windows {}/{}</source>
        <translation>CLIP-Fenster {}/{}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/worker_session.py" line="34"/>
        <source>ReSeg's Python environment is not installed yet. Install it from Raster ▸ ReSeg ▸ Python environment… (one click, no terminal), or name a Python environment of your own there.</source>
        <translation>Die Python-Umgebung von ReSeg ist noch nicht installiert. Installieren Sie sie über Raster ▸ ReSeg ▸ Python-Umgebung… (ein Klick, kein Terminal), oder geben Sie dort eine eigene Python-Umgebung an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="130"/>
        <source>A Python 3.11 or newer with the packages of the plugin&apos;s runtime/requirements.txt. Empty: the environment installed here. The variable RESEG_WORKER_PYTHON, when set, comes first.</source>
        <translation>Ein Python 3.11 oder neuer mit den Paketen aus runtime/requirements.txt des Plugins. Leer: die hier installierte Umgebung. Die Variable RESEG_WORKER_PYTHON hat, wenn gesetzt, Vorrang.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="187"/>
        <source>&lt;b&gt;Installed&lt;/b&gt; in {folder} on {date}: Python {python}, PyTorch {torch}; {device}.</source>
        <translation>&lt;b&gt;Installiert&lt;/b&gt; in {folder} am {date}: Python {python}, PyTorch {torch}; {device}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="378"/>
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
    <message>
        <location filename="../reseg_qgis/gui/band_choice.py" line="57"/>
        <source>red, green, blue (3 bands)</source>
        <translation>Rot, Grün, Blau (3 Kanäle)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/band_choice.py" line="58"/>
        <source>grey (1 band)</source>
        <translation>Grau (1 Kanal)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/band_choice.py" line="101"/>
        <source>Red band</source>
        <translation>Rotkanal</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/band_choice.py" line="62"/>
        <source>Green band</source>
        <translation>Grünkanal</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/band_choice.py" line="62"/>
        <source>Blue band</source>
        <translation>Blaukanal</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/band_choice.py" line="101"/>
        <source>Grey band</source>
        <translation>Graukanal</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="211"/>
        <source>Bands</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="305"/>
        <source>Polygons and cleaning</source>
        <translation>Polygone und Bereinigung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="308"/>
        <source>Polygons (a GeoPackage beside the raster)</source>
        <translation>Polygone (ein GeoPackage neben dem Raster)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="316"/>
        <source>keep every region</source>
        <translation>alle Regionen behalten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="317"/>
        <source> px</source>
        <translation> px</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="318"/>
        <source>Regions smaller than this merge into their largest neighbour, in the raster and the polygons (GDAL&apos;s sieve).</source>
        <translation>Kleinere Regionen gehen im Raster und in den Polygonen in ihrer größten Nachbarregion auf (Sieve von GDAL).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="320"/>
        <source>Minimum mapping unit</source>
        <translation>Mindestkartiereinheit</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="321"/>
        <source>Cloud-optimised GeoTIFF (with overviews)</source>
        <translation>Cloud-optimiertes GeoTIFF (mit Übersichten)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="335"/>
        <source>Import…</source>
        <translation>Importieren…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="336"/>
        <source>Import model files you fetched yourself, from a folder</source>
        <translation>Selbst beschaffte Modelldateien aus einem Ordner importieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="424"/>
        <source>{} (not installed)</source>
        <translation>{} (nicht installiert)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="452"/>
        <source>The {} preset runs without SAM regions.</source>
        <translation>Die Voreinstellung {} arbeitet ohne SAM-Regionen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="489"/>
        <source>Needs: {} — not installed</source>
        <translation>Benötigt: {} — nicht installiert</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="494"/>
        <source>Download ({})</source>
        <translation>Herunterladen ({})</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="657"/>
        <source>[automatic: {}]</source>
        <translation>[automatisch: {}]</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="661"/>
        <source>[temporary file, deleted when QGIS closes]</source>
        <translation>[temporäre Datei, wird beim Beenden von QGIS gelöscht]</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="662"/>
        <source>Name a file here, or set an output folder in ReSeg settings and weights, to keep the results.</source>
        <translation>Geben Sie hier eine Datei an oder legen Sie in den ReSeg-Einstellungen und -Gewichten einen Ausgabeordner fest, um die Ergebnisse zu behalten.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="759"/>
        <source>Cannot create the output folder: {}</source>
        <translation>Der Ausgabeordner kann nicht angelegt werden: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="761"/>
        <source>{} — preview</source>
        <translation>{} — Vorschau</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="296"/>
        <source>{} — classes</source>
        <translation>{} — Klassen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="768"/>
        <source>ReSeg: {}</source>
        <translation>ReSeg: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="818"/>
        <source>{} (cancelled)</source>
        <translation>{} (abgebrochen)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="296"/>
        <source>{} — polygons</source>
        <translation>{} — Polygone</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="893"/>
        <source>Updated {} with {} classes.</source>
        <translation>{} mit {} Klassen aktualisiert.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="115"/>
        <source>Add your own checkpoint</source>
        <translation>Eigenen Checkpoint hinzufügen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="125"/>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="128"/>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="130"/>
        <source>Checkpoints</source>
        <translation>Checkpoints</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="130"/>
        <source>All files</source>
        <translation>Alle Dateien</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="131"/>
        <source>File</source>
        <translation>Datei</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="133"/>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="136"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="138"/>
        <source>Initialisation</source>
        <translation>Initialisierung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="164"/>
        <source>The file (a state_dict, an open_clip training checkpoint or safetensors) must load into the architecture; any open_clip name, or a .json file with an open_clip config, may be typed in. Initialisation: the weights it was fine-tuned from; CLIPs of one architecture and initialisation can be composed.</source>
        <translation>Die Datei (ein state_dict, ein open_clip-Trainings-Checkpoint oder safetensors) muss sich in die Architektur laden lassen; jeder open_clip-Name oder eine .json-Datei mit einer open_clip-Konfiguration kann eingegeben werden. Initialisierung: die Gewichte, von denen aus nachtrainiert wurde; CLIPs gleicher Architektur und Initialisierung lassen sich kombinieren.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="245"/>
        <source>[temporary files, deleted when QGIS closes]</source>
        <translation>[temporäre Dateien, werden beim Beenden von QGIS gelöscht]</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="246"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="247"/>
        <source>Where the panel writes its results when you name no file: &lt;raster&gt;_classes.tif, numbered when the name is taken.</source>
        <translation>Wohin das Bedienfeld seine Ergebnisse schreibt, wenn Sie keine Datei angeben: &lt;raster&gt;_classes.tif, nummeriert, wenn der Name vergeben ist.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="277"/>
        <source>Presets</source>
        <translation>Voreinstellungen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="298"/>
        <source>Add your own checkpoint…</source>
        <translation>Eigenen Checkpoint hinzufügen…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="351"/>
        <source>Download what {} needs ({})</source>
        <translation>Herunterladen, was {} braucht ({})</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="449"/>
        <source>{} was not added: {}</source>
        <translation>{} wurde nicht hinzugefügt: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="450"/>
        <source>Added {}.</source>
        <translation>{} hinzugefügt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="452"/>
        <source>ReSeg: adding {}</source>
        <translation>ReSeg: {} wird hinzugefügt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="470"/>
        <source>Select installed models or models you added.</source>
        <translation>Wählen Sie installierte oder selbst hinzugefügte Modelle.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="473"/>
        <source>Remove models</source>
        <translation>Modelle entfernen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="473"/>
        <source>Remove {} from the model cache? Published models can be downloaded again; models you added must be added again from their file.</source>
        <translation>{} aus dem Modell-Cache entfernen? Veröffentlichte Modelle lassen sich erneut herunterladen; selbst hinzugefügte Modelle müssen erneut aus ihrer Datei hinzugefügt werden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/legend_style.py" line="56"/>
        <source>Classes that ReSeg segmented from {}, by pixel value (0: unclassified or nodata):</source>
        <translation>Klassen, die ReSeg aus {} segmentiert hat, nach Pixelwert (0: nicht klassifiziert oder NoData):</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/legend_style.py" line="58"/>
        <source>ReSeg classes</source>
        <translation>ReSeg-Klassen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Classifies every pixel of a raster into the classes you type, with no training and no labels (ReSeg-CLIP: CLIP whose attention is confined to Segment Anything regions).</source>
        <translation>Ordnet jedes Pixel eines Rasters den eingegebenen Klassen zu, ohne Training und ohne Beschriftungen (ReSeg-CLIP: CLIP, dessen Aufmerksamkeit auf Segment-Anything-Regionen beschränkt ist).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Classes: one class per line or separated by &apos;;&apos;, commas between synonyms, e.g. &apos;water; tree, forest; building&apos;. Name the other things in the scene too: every pixel goes to the most similar class.</source>
        <translation>Klassen: eine Klasse pro Zeile oder durch ';' getrennt, Synonyme durch Kommas, z. B. 'water; tree, forest; building'. Nennen Sie auch die übrigen Dinge der Szene: Jedes Pixel geht an die ähnlichste Klasse.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Bands: 1 band (grey) or 3 bands (red, green, blue), e.g. 3,2,1; default bands 1-3. 16-bit and float data are stretched between their 2nd and 98th percentiles. Extent: only this part of the raster.</source>
        <translation>Kanäle: 1 Kanal (grau) oder 3 Kanäle (rot, grün, blau), z. B. 3,2,1; Standard sind die Kanäle 1-3. 16-Bit- und Gleitkommadaten werden zwischen ihrem 2. und 98. Perzentil gestreckt. Ausdehnung: nur dieser Teil des Rasters.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Model preset: fast (CLIP ViT-B/16 without SAM, quick previews), balanced (ViT-B/16 with SAM ViT-B; the default) or quality (ViT-L/14 with SAM ViT-H, as published; use a GPU). CLIP model and SAM model replace the preset&apos;s (by name, e.g. composed-rs-vit-b-32). Use SAM regions off runs CLIP alone. Device: auto, cuda, cpu or mps; auto uses the GPU when there is one.</source>
        <translation>Modellvoreinstellung: fast (CLIP ViT-B/16 ohne SAM, schnelle Vorschauen), balanced (ViT-B/16 mit SAM ViT-B; der Standard) oder quality (ViT-L/14 mit SAM ViT-H, wie veröffentlicht; mit GPU verwenden). CLIP-Modell und SAM-Modell ersetzen die der Voreinstellung (nach Namen, z. B. composed-rs-vit-b-32). Ohne „SAM-Regionen verwenden“ arbeitet CLIP allein. Gerät: auto, cuda, cpu oder mps; auto nimmt die GPU, wenn es eine gibt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Window and overlap (pixels): the raster is processed in overlapping windows whose scores are blended without seams; by default the CLIP model&apos;s input size (224 px) and half of it. Processing scale resamples first (0.5 = half resolution) so objects reach the size CLIP sees; or give a target resolution in map units. Unclassified threshold: pixels whose top class probability is below it get 0.</source>
        <translation>Fenster und Überlappung (Pixel): Das Raster wird in überlappenden Fenstern verarbeitet, deren Werte nahtlos überblendet werden; standardmäßig die Eingabegröße des CLIP-Modells (224 px) und deren Hälfte. Der Verarbeitungsmaßstab resampelt zuerst (0,5 = halbe Auflösung), damit Objekte die Größe erreichen, die CLIP sieht; oder geben Sie eine Zielauflösung in Karteneinheiten an. Schwelle für „nicht klassifiziert“: Pixel, deren höchste Klassenwahrscheinlichkeit darunter liegt, erhalten 0.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Allow downloads fetches missing model weights (verified) into the model cache; without it, import them in ReSeg &gt; Settings and weights.</source>
        <translation>„Herunterladen erlauben“ holt fehlende Modellgewichte (geprüft) in den Modell-Cache; ohne diese Option importieren Sie sie unter ReSeg &gt; Einstellungen und Gewichte.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Output: a GeoTIFF on the input&apos;s grid, 0 = nodata or unclassified and classes 1..N in the order typed, with a colour table and a legend of your class names; area statistics per class go to a CSV beside it (&lt;name&gt;_areas.csv) and to the log. Class colours: #rrggbb in class order, or name=#rrggbb. Confidence optionally writes the top probability.</source>
        <translation>Ausgabe: ein GeoTIFF im Raster der Eingabe, 0 = NoData oder nicht klassifiziert und Klassen 1..N in der eingegebenen Reihenfolge, mit Farbtabelle und einer Legende Ihrer Klassennamen; Flächenstatistiken je Klasse gehen in eine CSV-Datei daneben (&lt;name&gt;_areas.csv) und ins Protokoll. Klassenfarben: #rrggbb in Klassenreihenfolge oder name=#rrggbb. Konfidenz schreibt auf Wunsch die höchste Wahrscheinlichkeit.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="171"/>
        <source>Minimum mapping unit in pixels (0 = keep every region)</source>
        <translation>Mindestkartiereinheit in Pixeln (0 = alle Regionen behalten)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="175"/>
        <source>Polygons (GeoPackage)</source>
        <translation>Polygone (GeoPackage)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="180"/>
        <source>Write Cloud-Optimised GeoTIFFs (with overviews)</source>
        <translation>Cloud-optimierte GeoTIFFs schreiben (mit Übersichten)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="182"/>
        <source>Overviews of the classes made by</source>
        <translation>Übersichten der Klassen erstellt per</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="185"/>
        <source>Area statistics (CSV)</source>
        <translation>Flächenstatistik (CSV)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="186"/>
        <source>Area statistics</source>
        <translation>Flächenstatistik</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="271"/>
        <source>Bands: give band numbers separated by commas, e.g. 3,2,1; {value!r} was given.</source>
        <translation>Kanäle: Geben Sie Kanalnummern durch Kommas getrennt an, z. B. 3,2,1; angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="46"/>
        <source>{} ha</source>
        <translation>{} ha</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="46"/>
        <source>{} map units²</source>
        <translation>{} Karteneinheiten²</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="49"/>
        <source>{} pixels</source>
        <translation>{} Pixel</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="62"/>
        <source>Removing small regions</source>
        <translation>Kleine Regionen werden entfernt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="62"/>
        <source>Making polygons</source>
        <translation>Polygone werden erstellt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="63"/>
        <source>Writing the cloud-optimised GeoTIFF</source>
        <translation>Cloud-optimiertes GeoTIFF wird geschrieben</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="58"/>
        <source>Downloading model weights: {} of {}</source>
        <translation>Modellgewichte werden heruntergeladen: {} von {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="310"/>
        <source>One feature per class (dissolved)</source>
        <translation>Ein Objekt je Klasse (verschmolzen)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Minimum mapping unit: regions smaller than this many pixels merge into their largest neighbour (GDAL's sieve), in the raster and the polygons. Polygons: a GeoPackage with one polygon per region (or, dissolved, one per class), its class, name and area (map units and m²). Cloud-optimised GeoTIFF: tiled, with overviews made by mode or nearest (never averaged).</source>
        <translation>Mindestkartiereinheit: Regionen mit weniger Pixeln gehen im Raster und in den Polygonen in ihrer größten Nachbarregion auf (Sieve von GDAL). Polygone: ein GeoPackage mit einem Polygon je Region (oder, verschmolzen, einem je Klasse), seiner Klasse, seinem Namen und seiner Fläche (Karteneinheiten und m²). Cloud-optimiertes GeoTIFF: gekachelt, mit Übersichten per Modus oder nächstem Nachbarn (nie gemittelt).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="178"/>
        <source>Polygons: one feature per class (dissolved)</source>
        <translation>Polygone: ein Objekt je Klasse (verschmolzen)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="37"/>
        <source>Evaluate a classification against reference labels</source>
        <translation>Klassifikation mit Referenzdaten bewerten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="40"/>
        <source>accuracy,evaluation,validation,confusion matrix,IoU,mIoU,kappa,F1</source>
        <translation>Genauigkeit,Bewertung,Validierung,Konfusionsmatrix,IoU,mIoU,Kappa,F1</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="46"/>
        <source>Compares a classified raster (ReSeg&apos;s, or any other) with reference labels and reports the confusion matrix, per class IoU, precision, recall and F1, and overall mIoU, accuracy and Cohen&apos;s kappa.</source>
        <translation>Vergleicht ein klassifiziertes Raster (von ReSeg oder ein anderes) mit Referenzdaten und gibt die Konfusionsmatrix, je Klasse IoU, Präzision, Trefferquote und F1 sowie insgesamt mIoU, Genauigkeit und Cohens Kappa aus.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="46"/>
        <source>Label values count for the class of the same value, or, where the labels name their categories, for the class of the same name. A mapping file (CSV rows &apos;label,class&apos;, where the class is a name, a value or ignore) maps many values onto one class. Ignored values and label 0 are left out; an unclassified pixel over a label counts as wrong.</source>
        <translation>Referenzwerte zählen für die Klasse mit demselben Wert oder, wo die Referenzdaten ihre Kategorien benennen, für die Klasse mit demselben Namen. Eine Zuordnungsdatei (CSV-Zeilen 'label,class', die Klasse als Name, Wert oder ignore) ordnet viele Werte einer Klasse zu. Ignorierte Werte und der Wert 0 bleiben außen vor; ein nicht klassifiziertes Pixel über einem Referenzwert zählt als falsch.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="46"/>
        <source>mIoU is the mean IoU over the classes present in the labels or the classification, as the papers compute it. The results are given as fractions (0–1); the HTML report holds the tables and a plot.</source>
        <translation>mIoU ist der Mittelwert der IoU über die Klassen, die in den Referenzdaten oder der Klassifikation vorkommen, wie die Veröffentlichungen sie berechnen. Die Ergebnisse werden als Anteile (0–1) ausgegeben; der HTML-Bericht enthält die Tabellen und eine Grafik.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="72"/>
        <source>Class field of the polygons (default: a field named class)</source>
        <translation>Klassenfeld der Polygone (Standard: ein Feld namens class)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="75"/>
        <source>Label values to ignore (e.g. 0,255)</source>
        <translation>Zu ignorierende Referenzwerte (z. B. 0,255)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="77"/>
        <source>Class mapping (CSV: label,class)</source>
        <translation>Klassenzuordnung (CSV: label,class)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="79"/>
        <source>Accuracy report</source>
        <translation>Genauigkeitsbericht</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="79"/>
        <source>HTML files (*.html)</source>
        <translation>HTML-Dateien (*.html)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="81"/>
        <source>Scores per class (CSV)</source>
        <translation>Kennzahlen je Klasse (CSV)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="81"/>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="84"/>
        <source>Matrix and scores (JSON)</source>
        <translation>Matrix und Kennzahlen (JSON)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="84"/>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="87"/>
        <source>mIoU</source>
        <translation>mIoU</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="88"/>
        <source>Overall accuracy</source>
        <translation>Gesamtgenauigkeit</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="89"/>
        <source>Cohen&apos;s kappa</source>
        <translation>Cohens Kappa</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="90"/>
        <source>Scores per class</source>
        <translation>Kennzahlen je Klasse</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="114"/>
        <source>Save the label polygons as a GeoPackage first (Export ▸ Save Features As…); ReSeg reads vector files through GDAL.</source>
        <translation>Speichern Sie die Referenzpolygone zuerst als GeoPackage (Exportieren ▸ Objekte speichern als…); ReSeg liest Vektordateien über GDAL.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="122"/>
        <source>Label values to ignore: give whole numbers separated by commas, e.g. 0,255.</source>
        <translation>Zu ignorierende Referenzwerte: Geben Sie ganze Zahlen durch Kommas getrennt an, z. B. 0,255.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="153"/>
        <source>{name}: IoU {iou} %, precision {precision} %, recall {recall} %, F1 {f1} %, {pixels} reference pixels</source>
        <translation>{name}: IoU {iou} %, Präzision {precision} %, Trefferquote {recall} %, F1 {f1} %, {pixels} Referenzpixel</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="160"/>
        <source>mIoU {miou} %, overall accuracy {accuracy} %, kappa {kappa}; {pixels} pixels compared, labels matched to classes by {how}</source>
        <translation>mIoU {miou} %, Gesamtgenauigkeit {accuracy} %, Kappa {kappa}; {pixels} Pixel verglichen, Referenzwerte den Klassen zugeordnet nach {how}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="160"/>
        <source>category names</source>
        <translation>Kategorienamen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="160"/>
        <source>values</source>
        <translation>Werten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/run_support.py" line="63"/>
        <source>Comparing with the labels</source>
        <translation>Vergleich mit den Referenzdaten</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="46"/>
        <source>Reference labels: either a label raster on any grid and CRS (brought to the classified raster&apos;s grid by nearest neighbour), or polygons with a class field (rasterised onto that grid). A field of whole numbers gives label values; a text field is matched to the class names and their synonyms.</source>
        <translation>Referenzdaten: entweder ein Referenzraster in beliebigem Raster und KBS (per nächstem Nachbarn auf das Raster der Klassifikation gebracht) oder Polygone mit einem Klassenfeld (auf dieses Raster gerastert). Ein Feld mit ganzen Zahlen liefert Referenzwerte; ein Textfeld wird mit den Klassennamen und ihren Synonymen abgeglichen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="67"/>
        <source>Reference label raster (or give polygons below)</source>
        <translation>Referenzraster (oder unten Polygone angeben)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="69"/>
        <source>Reference polygons with a class field</source>
        <translation>Referenzpolygone mit einem Klassenfeld</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="98"/>
        <source>Give the reference labels as a label raster or as polygons, one of the two.</source>
        <translation>Geben Sie die Referenzdaten als Referenzraster oder als Polygone an, eines von beiden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="102"/>
        <source>The classified raster cannot be opened.</source>
        <translation>Das klassifizierte Raster lässt sich nicht öffnen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="510"/>
        <source>Default precision</source>
        <translation>Standard-Genauigkeit</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="161"/>
        <source>Precision</source>
        <translation>Genauigkeit</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="645"/>
        <source>a temporary file</source>
        <translation>eine temporäre Datei</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="647"/>
        <source>Output emptied: {file} was named for another raster. This raster&apos;s result goes to {where} unless you name a file.</source>
        <translation>Ausgabe geleert: {file} wurde für ein anderes Raster angegeben. Das Ergebnis dieses Rasters geht nach {where}, sofern Sie keine Datei angeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="787"/>
        <source>{file} holds the classes of {source}, shown in the layer “{layer}”, and is not replaced with those of {raster}. Choose another output file.</source>
        <translation>{file} enthält die Klassen von {source}, angezeigt im Layer „{layer}“, und wird nicht durch die von {raster} ersetzt. Wählen Sie eine andere Ausgabedatei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="790"/>
        <source>{file} is shown in the layer “{layer}” and is not a result of {raster}; it is not replaced. Choose another output file.</source>
        <translation>{file} wird im Layer „{layer}“ angezeigt und ist kein Ergebnis von {raster}; sie wird nicht ersetzt. Wählen Sie eine andere Ausgabedatei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="797"/>
        <source>Not run: {file} was kept.</source>
        <translation>Nicht ausgeführt: {file} wurde behalten.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="805"/>
        <source>{file} holds the classes of {source}. Replace it with those of {raster}?</source>
        <translation>{file} enthält die Klassen von {source}. Durch die von {raster} ersetzen?</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="807"/>
        <source>{file} is there and is not a ReSeg result of {raster}. Replace it?</source>
        <translation>{file} ist vorhanden und kein ReSeg-Ergebnis von {raster}. Ersetzen?</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="809"/>
        <source>Replace a file</source>
        <translation>Datei ersetzen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/worker_algorithm.py" line="50"/>
        <source>The worker did not stop within {} s and was stopped: the next run starts it again and loads the models anew.</source>
        <translation>Der Worker hat nicht innerhalb von {} s angehalten und wurde beendet: Der nächste Lauf startet ihn neu und lädt die Modelle erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="819"/>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="252"/>
        <source>A raster's new temporary result replaces its last one (else it is added as “— classes 2”)</source>
        <translation>Ein neues temporäres Ergebnis eines Rasters ersetzt sein letztes (sonst wird es als „— Klassen 2“ hinzugefügt)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/dock.py" line="214"/>
        <source>Land cover (general)</source>
        <translation>Landbedeckung (allgemein)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine_texts.py" line="43"/>
        <source>Where this computer has no internet, fetch the files on one that has, then import them with Import… in the ReSeg panel (or ReSeg settings and weights ▸ Import from folder…).</source>
        <translation>Hat dieser Computer kein Internet, laden Sie die Dateien auf einem Computer mit Internet herunter und importieren Sie sie dann mit „Importieren…“ im ReSeg-Bedienfeld (oder ReSeg-Einstellungen und -Gewichte ▸ Aus Ordner importieren…).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="344"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="350"/>
        <source>The install failed</source>
        <translation>Die Installation ist fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="77"/>
        <source>{file} is not the published {model} ({why}): for a fine-tuned or other model, use Add your own checkpoint…; for the published one, fetch its file again.</source>
        <translation>{file} ist nicht das veröffentlichte {model} ({why}): Für ein nachtrainiertes oder anderes Modell verwenden Sie „Eigenen Checkpoint hinzufügen…“; für das veröffentlichte laden Sie seine Datei erneut herunter.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="81"/>
        <source>{file} is named as no published model's file: for a model of your own, use Add your own checkpoint…; a published file keeps its published name.</source>
        <translation>{file} trägt nicht den Namen einer veröffentlichten Modelldatei: Für ein eigenes Modell verwenden Sie „Eigenen Checkpoint hinzufügen…“; eine veröffentlichte Datei behält ihren veröffentlichten Namen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="85"/>
        <source>{file} was refused: {why}</source>
        <translation>{file} wurde abgelehnt: {why}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="170"/>
        <source>The file (a segment-anything checkpoint such as sam_vit_b_01ec64.pth: a state_dict, or safetensors) must load into the architecture: vit_b, vit_l or vit_h, the image encoder&apos;s size.</source>
        <translation>Die Datei (ein segment-anything-Checkpoint wie sam_vit_b_01ec64.pth: ein state_dict oder safetensors) muss in die Architektur laden: vit_b, vit_l oder vit_h, die Größe des Bild-Encoders.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="88"/>
        <source>Nothing was imported: no file there is a published model&apos;s file (found: {files}). Choose the folder that holds the files you fetched.</source>
        <translation>Nichts wurde importiert: keine Datei dort ist die Datei eines veröffentlichten Modells (gefunden: {files}). Wählen Sie den Ordner, der die geholten Dateien enthält.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="88"/>
        <source>no files</source>
        <translation>keine Dateien</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="166"/>
        <source>{pixels} labelled pixels of no class left out</source>
        <translation>{pixels} gelabelte Pixel ohne Klasse ausgelassen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/evaluate_algorithm.py" line="169"/>
        <source>{count} label features without a geometry or a class value left out</source>
        <translation>{count} Label-Objekte ohne Geometrie oder Klassenwert ausgelassen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/settings_dialog.py" line="238"/>
        <source>auto: bf16 or fp16 on a GPU; on a CPU, each stage in bf16 where this CPU measured it faster than fp32. fp32: every stage in fp32, the same labels on any CPU. bf16: every stage in bf16.</source>
        <translation>auto: bf16 oder fp16 auf einer GPU; auf einer CPU jede Stufe in bf16, wo diese CPU es schneller als fp32 gemessen hat. fp32: jede Stufe in fp32, dieselben Klassen auf jeder CPU. bf16: jede Stufe in bf16.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="81"/>
        <source>Precision: auto runs bf16 or fp16 on a GPU; on a CPU it runs each stage (SAM&apos;s encoder, its mask decoder, CLIP, the text) in bf16 where this CPU measured it faster than fp32 (CPUs with AVX512-BF16 or AMX), measured once and kept in the model cache. fp32 runs every stage in fp32: the same labels on any CPU. bf16 runs every stage in bf16. The log and the output&apos;s metadata name each stage&apos;s format.</source>
        <translation>Genauigkeit: auto rechnet auf einer GPU in bf16 oder fp16; auf einer CPU rechnet es jede Stufe (SAMs Encoder, seinen Maskendecoder, CLIP, den Text) in bf16, wo diese CPU es schneller als fp32 gemessen hat (CPUs mit AVX512-BF16 oder AMX), einmal gemessen und im Modell-Cache aufbewahrt. fp32 rechnet jede Stufe in fp32: dieselben Klassen auf jeder CPU. bf16 rechnet jede Stufe in bf16. Das Protokoll und die Metadaten der Ausgabe nennen das Zahlenformat jeder Stufe.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="28"/>
        <source>Make an offline bundle</source>
        <translation>Ein Offline-Paket erstellen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="31"/>
        <source>One file with the engine's packages, uv, a Python and the models, for a computer without internet: copy it there, then use &lt;i&gt;Install from bundle…&lt;/i&gt;.</source>
        <translation>Eine Datei mit den Paketen der Engine, uv, einem Python und den Modellen, für einen Rechner ohne Internet: kopieren Sie sie dorthin und wählen Sie dann &lt;i&gt;Aus Paket installieren…&lt;/i&gt;.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="39"/>
        <source>The other computer</source>
        <translation>Der andere Rechner</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="44"/>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="54"/>
        <source>Models of the preset</source>
        <translation>Modelle der Voreinstellung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="56"/>
        <source>more models by name, comma-separated (optional)</source>
        <translation>weitere Modelle nach Namen, durch Kommas getrennt (optional)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="57"/>
        <source>More models</source>
        <translation>Weitere Modelle</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="58"/>
        <source>No models (import them separately)</source>
        <translation>Keine Modelle (getrennt importieren)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="250"/>
        <source>ReSeg offline bundle (*.zip)</source>
        <translation>ReSeg-Offline-Paket (*.zip)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/bundle_dialog.py" line="64"/>
        <source>Bundle file</source>
        <translation>Paketdatei</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="151"/>
        <source>Offline bundle</source>
        <translation>Offline-Paket</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="153"/>
        <source>Make an offline bundle…</source>
        <translation>Ein Offline-Paket erstellen…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="154"/>
        <source>Install from bundle…</source>
        <translation>Aus Paket installieren…</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="250"/>
        <source>Install from an offline bundle</source>
        <translation>Aus einem Offline-Paket installieren</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="255"/>
        <source>ReSeg: installing from an offline bundle</source>
        <translation>ReSeg: Installation aus einem Offline-Paket</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="255"/>
        <source>The Python environment and the bundle&apos;s models are installed, and they work.</source>
        <translation>Die Python-Umgebung und die Modelle des Pakets sind installiert und funktionieren.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="269"/>
        <source>Install the Python environment on this computer first: it makes the bundle and downloads its models.</source>
        <translation>Installieren Sie zuerst die Python-Umgebung auf diesem Rechner: Sie erstellt das Paket und lädt seine Modelle herunter.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="282"/>
        <source>ReSeg: making an offline bundle</source>
        <translation>ReSeg: ein Offline-Paket wird erstellt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="282"/>
        <source>The offline bundle is ready: {}</source>
        <translation>Das Offline-Paket ist fertig: {}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/gui/environment_dialog.py" line="282"/>
        <source>Cancelled; no bundle was written.</source>
        <translation>Abgebrochen; es wurde kein Paket geschrieben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine_texts.py" line="75"/>
        <source>ReSeg failed on a fault of its own, not on what you gave ({}). Please report it with the ReSeg log (View ▸ Panels ▸ Log Messages), which holds its traceback.</source>
        <translation>ReSeg ist an einem eigenen Fehler gescheitert, nicht an Ihren Angaben ({}). Bitte melden Sie ihn mit dem ReSeg-Protokoll (Ansicht ▸ Bedienfelder ▸ Protokollmeldungen), das seinen Traceback enthält.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/processing_provider/segment_algorithm.py" line="187"/>
        <source>Class names of the values 1 to N (a JSON list)</source>
        <translation>Klassennamen der Werte 1 bis N (eine JSON-Liste)</translation>
    </message>
</context>
<context>
    <name>engine</name>
    <message>
        <location filename="../reseg_qgis/engine/hardware/__init__.py" line="16"/>
        <source>SAM encoder</source>
        <translation>SAM-Encoder</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/hardware/__init__.py" line="16"/>
        <source>mask decoder</source>
        <translation>Maskendecoder</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/hardware/__init__.py" line="16"/>
        <source>CLIP</source>
        <translation>CLIP</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/hardware/__init__.py" line="16"/>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/hardware/__init__.py" line="19"/>
        <source>CPU: {threads} threads ({formats})</source>
        <translation>CPU: {threads} Threads ({formats})</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/hardware/__init__.py" line="20"/>
        <source>GPU: {name}, {memory} GiB (CUDA {cuda}, {formats})</source>
        <translation>GPU: {name}, {memory} GiB (CUDA {cuda}, {formats})</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/hardware/__init__.py" line="21"/>
        <source>GPU: Apple MPS ({formats})</source>
        <translation>GPU: Apple MPS ({formats})</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="12"/>
        <source>{index} cannot be reached: set a proxy (QGIS ▸ Settings ▸ Options ▸ Network), a mirror or a folder of wheels in Install options, then install again.</source>
        <translation>{index} ist nicht erreichbar: Legen Sie einen Proxy (QGIS ▸ Einstellungen ▸ Optionen ▸ Netzwerk), einen Spiegel oder einen Ordner mit Wheels in den Installationsoptionen fest und installieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="15"/>
        <source>{index} answered with a certificate this computer does not trust (a company proxy that inspects traffic?): add that certificate to the system&apos;s, or set a mirror or a folder of wheels in Install options.</source>
        <translation>{index} hat mit einem Zertifikat geantwortet, dem dieser Computer nicht vertraut (ein Firmen-Proxy, der den Verkehr prüft?): Fügen Sie dieses Zertifikat denen des Systems hinzu oder legen Sie einen Spiegel oder einen Ordner mit Wheels in den Installationsoptionen fest.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="19"/>
        <source>The proxy asks for a user name and password: give them in QGIS ▸ Settings ▸ Options ▸ Network, then install again.</source>
        <translation>Der Proxy verlangt Benutzername und Passwort: Geben Sie sie unter QGIS ▸ Einstellungen ▸ Optionen ▸ Netzwerk an und installieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="21"/>
        <source>No {package} for this computer&apos;s platform and Python was found: where a mirror or a folder of wheels is set in Install options, it must hold it; else choose another PyTorch build there.</source>
        <translation>Für die Plattform und das Python dieses Computers wurde kein {package} gefunden: Ist in den Installationsoptionen ein Spiegel oder ein Ordner mit Wheels festgelegt, muss er es enthalten; sonst wählen Sie dort eine andere PyTorch-Variante.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="24"/>
        <source>The packages for this computer&apos;s platform and Python were not all found: where a mirror or a folder of wheels is set in Install options, it must hold them; else choose another PyTorch build there.</source>
        <translation>Nicht alle Pakete für die Plattform und das Python dieses Computers wurden gefunden: Ist in den Installationsoptionen ein Spiegel oder ein Ordner mit Wheels festgelegt, muss er sie enthalten; sonst wählen Sie dort eine andere PyTorch-Variante.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="27"/>
        <source>The disk is full: free some space (PyTorch needs about 1 GB, several with CUDA), then install again.</source>
        <translation>Der Datenträger ist voll: Schaffen Sie Platz (PyTorch braucht etwa 1 GB, mit CUDA mehrere) und installieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="29"/>
        <source>Permission denied while installing: another program (a virus scanner, a second QGIS) may hold the files; close it, then install again.</source>
        <translation>Beim Installieren wurde der Zugriff verweigert: Ein anderes Programm (ein Virenscanner, ein zweites QGIS) hält vielleicht die Dateien; schließen Sie es und installieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="32"/>
        <source>Installing the packages failed: check the network (a proxy in QGIS&apos;s settings, a mirror) or give a folder of wheels in Install options, then install again.</source>
        <translation>Die Installation der Pakete ist fehlgeschlagen: Prüfen Sie das Netzwerk (einen Proxy in den QGIS-Einstellungen, einen Spiegel) oder geben Sie einen Ordner mit Wheels in den Installationsoptionen an und installieren Sie dann erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="35"/>
        <source>{what} failed: the details say why; Copy diagnostics puts them on the clipboard.</source>
        <translation>{what} ist fehlgeschlagen: Die Details sagen warum; „Diagnose kopieren“ legt sie in die Zwischenablage.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="37"/>
        <source>Creating the environment</source>
        <translation>Das Anlegen der Umgebung</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="38"/>
        <source>Installing packages</source>
        <translation>Das Installieren der Pakete</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="39"/>
        <source>PyTorch&apos;s package index</source>
        <translation>Der Paketindex von PyTorch</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="41"/>
        <source>PyPI</source>
        <translation>PyPI</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/install_advice.py" line="78"/>
        <source>The package index</source>
        <translation>Der Paketindex</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="44"/>
        <source>chosen in the settings</source>
        <translation>in den Einstellungen gewählt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="45"/>
        <source>macOS: PyPI&apos;s torch, which uses Apple&apos;s GPU (MPS) where there is one</source>
        <translation>macOS: torch von PyPI, das Apples GPU (MPS) nutzt, wo es eine gibt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="46"/>
        <source>nvidia-smi failed ({error}), so the CPU build is installed; repair the NVIDIA driver, then repair the environment to use the GPU</source>
        <translation>nvidia-smi ist fehlgeschlagen ({error}), daher wird die CPU-Variante installiert; reparieren Sie den NVIDIA-Treiber und dann die Umgebung, um die GPU zu nutzen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="49"/>
        <source>no NVIDIA GPU found (no nvidia-smi)</source>
        <translation>keine NVIDIA-GPU gefunden (kein nvidia-smi)</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="50"/>
        <source>nvidia-smi lists no GPU</source>
        <translation>nvidia-smi führt keine GPU auf</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="51"/>
        <source>{gpu}: nvidia-smi does not say which CUDA version the driver supports, so the CPU build is installed; choose a CUDA build by hand</source>
        <translation>{gpu}: nvidia-smi sagt nicht, welche CUDA-Version der Treiber unterstützt, daher wird die CPU-Variante installiert; wählen Sie eine CUDA-Variante von Hand</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="54"/>
        <source>{gpu}, which supports CUDA {supported}</source>
        <translation>{gpu}, die CUDA {supported} unterstützt</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="55"/>
        <source>{gpu} supports CUDA {supported} only, and torch&apos;s CUDA builds need {oldest} or newer: the CPU build is installed. Update the NVIDIA driver, then repair the environment to use the GPU</source>
        <translation>{gpu} unterstützt nur CUDA {supported}, und die CUDA-Varianten von torch brauchen {oldest} oder neuer: Die CPU-Variante wird installiert. Aktualisieren Sie den NVIDIA-Treiber und reparieren Sie dann die Umgebung, um die GPU zu nutzen</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="58"/>
        <source>the wheel folder holds {wheel}</source>
        <translation>der Ordner mit Wheels enthält {wheel}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/runtime/torch_builds.py" line="59"/>
        <source>offline: torch from the wheel folder</source>
        <translation>offline: torch aus dem Ordner mit Wheels</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/class_prompts.py" line="23"/>
        <source>The class list holds the invisible character {code} (line {line}, in {text!r}); delete it and type the names again.</source>
        <translation>Die Klassenliste enthält das unsichtbare Zeichen {code} (Zeile {line}, in {text!r}); löschen Sie es und geben Sie die Namen neu ein.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/class_prompts.py" line="25"/>
        <source>Class {position} ({entry!r}) has no name: type a word before or between the commas.</source>
        <translation>Klasse {position} ({entry!r}) hat keinen Namen: Geben Sie vor oder zwischen den Kommas ein Wort ein.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/class_prompts.py" line="27"/>
        <source>{name!r} appears twice in that class; each name may appear once.</source>
        <translation>{name!r} kommt in dieser Klasse zweimal vor; jeder Name darf nur einmal vorkommen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/class_prompts.py" line="29"/>
        <source>{name!r} appears in classes {first} and {second}; each name may appear once.</source>
        <translation>{name!r} kommt in den Klassen {first} und {second} vor; jeder Name darf nur einmal vorkommen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/class_prompts.py" line="31"/>
        <source>The class list is empty: type at least one class, e.g. &quot;building; road, street; tree, forest; water&quot;.</source>
        <translation>Die Klassenliste ist leer: Geben Sie mindestens eine Klasse ein, z. B. &quot;building; road, street; tree, forest; water&quot;.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/class_prompts.py" line="33"/>
        <source>{count} classes given; at most {limit} fit in the 8-bit classified raster.</source>
        <translation>{count} Klassen angegeben; höchstens {limit} passen in das klassifizierte 8-Bit-Raster.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="6"/>
        <source>One of the two layers has a CRS and the other has none; assign the same CRS to both (in QGIS: Layer Properties ▸ Source).</source>
        <translation>Einer der beiden Layer hat ein KBS, der andere keins; weisen Sie beiden dasselbe KBS zu (in QGIS: Layereigenschaften ▸ Quelle).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="9"/>
        <source>The labels do not overlap the prediction; check that they cover the prediction&apos;s area.</source>
        <translation>Die Referenzdaten überlappen die Klassifikation nicht; prüfen Sie, ob sie deren Gebiet abdecken.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="11"/>
        <source>The layers share no labelled pixel: the labels are all ignored, nodata or outside the prediction.</source>
        <translation>Die Layer haben kein gemeinsames beschriftetes Pixel: Die Referenzwerte sind alle ignoriert, NoData oder außerhalb der Klassifikation.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="13"/>
        <source>The labels share no class with the prediction ({classes}). Map the label values to the classes with a mapping file, or name the label categories as the classes are named.</source>
        <translation>Die Referenzdaten haben keine Klasse mit der Klassifikation gemeinsam ({classes}). Ordnen Sie die Referenzwerte mit einer Zuordnungsdatei den Klassen zu, oder benennen Sie die Kategorien der Referenzdaten wie die Klassen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="16"/>
        <source>Label values must be whole numbers from 0 to 65535; found {value}.</source>
        <translation>Referenzwerte müssen ganze Zahlen von 0 bis 65535 sein; gefunden: {value}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="18"/>
        <source>The layer {path} has no field {field}; its fields are {fields}.</source>
        <translation>Der Layer {path} hat kein Feld {field}; seine Felder sind {fields}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="19"/>
        <source>Choose the class field of {path}: one of {fields}.</source>
        <translation>Wählen Sie das Klassenfeld von {path}: eines von {fields}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="21"/>
        <source>Cannot open {path} as a raster or a vector layer: {reason}</source>
        <translation>{path} lässt sich weder als Raster- noch als Vektorlayer öffnen: {reason}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="22"/>
        <source>Line {line} of {path}: write a label value, a comma and the class (its name, its value, or ignore), e.g. 7,building.</source>
        <translation>Zeile {line} von {path}: Schreiben Sie einen Referenzwert, ein Komma und die Klasse (ihren Namen, ihren Wert oder ignore), z. B. 7,building.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="24"/>
        <source>Line {line} of {path}: {name!r} is no class of the prediction; its classes are {classes}.</source>
        <translation>Zeile {line} von {path}: {name!r} ist keine Klasse der Klassifikation; ihre Klassen sind {classes}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="26"/>
        <source>Unknown evaluation settings: {names}.</source>
        <translation>Unbekannte Einstellungen der Bewertung: {names}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="27"/>
        <source>An evaluation needs {names}.</source>
        <translation>Eine Bewertung benötigt {names}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="28"/>
        <source>The {output} would overwrite the {input} ({path}); choose another file for the {output}.</source>
        <translation>Die Ausgabe „{output}“ würde die Eingabe „{input}“ überschreiben ({path}); wählen Sie eine andere Datei für „{output}“.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="30"/>
        <source>The {first} and the {second} are both {path}; give each its own file.</source>
        <translation>„{first}“ und „{second}“ sind beide {path}; geben Sie jeder Ausgabe eine eigene Datei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="33"/>
        <source>Label values must be whole numbers from 0 to 65535; {path} holds {value}. Round or reclassify the labels first.</source>
        <translation>Labelwerte müssen ganze Zahlen von 0 bis 65535 sein; {path} enthält {value}. Runden oder reklassifizieren Sie die Labels zuerst.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="35"/>
        <source>{path} holds NaN (not a number) as a label and declares no nodata value: declare NaN as its nodata (gdal_edit -a_nodata nan) or fill those pixels.</source>
        <translation>{path} enthält NaN (keine Zahl) als Label und gibt keinen NoData-Wert an: geben Sie NaN als NoData an (gdal_edit -a_nodata nan) oder füllen Sie diese Pixel.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="38"/>
        <source>The classified raster&apos;s values must be whole numbers, one per class; {path} holds {value}. Give a classification, not a continuous raster.</source>
        <translation>Die Werte des klassifizierten Rasters müssen ganze Zahlen sein, einer je Klasse; {path} enthält {value}. Geben Sie eine Klassifikation an, kein kontinuierliches Raster.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="41"/>
        <source>The classified raster {path} holds NaN (not a number) and declares no nodata value: declare NaN as its nodata (gdal_edit -a_nodata nan) or fill those pixels with 0 (unclassified).</source>
        <translation>Das klassifizierte Raster {path} enthält NaN (keine Zahl) und gibt keinen NoData-Wert an: geben Sie NaN als NoData an (gdal_edit -a_nodata nan) oder füllen Sie diese Pixel mit 0 (nicht klassifiziert).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="44"/>
        <source>The layers hold more than {limit:,} distinct classes (e.g. {values}); a classification has one value per class. Check that {path} is a classified raster.</source>
        <translation>Die Layer enthalten mehr als {limit} verschiedene Klassen (z. B. {values}); eine Klassifikation hat einen Wert je Klasse. Prüfen Sie, ob {path} ein klassifiziertes Raster ist.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="47"/>
        <source>The class names in field {field} of {path} ({names}) match no class of the prediction ({classes}). Name them as the classes are named, or map them with a mapping file (rows such as urban,building).</source>
        <translation>Die Klassennamen im Feld {field} von {path} ({names}) passen zu keiner Klasse der Vorhersage ({classes}). Benennen Sie sie wie die Klassen, oder ordnen Sie sie mit einer Zuordnungsdatei zu (Zeilen wie urban,building).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="51"/>
        <source>{what}: {value!r} is no label value; give whole numbers from 0 to 65535.</source>
        <translation>{what}: {value!r} ist kein Labelwert; geben Sie ganze Zahlen von 0 bis 65535 an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="53"/>
        <source>{what}: {value!r} is no class value of the prediction (its classes: {classes}).</source>
        <translation>{what}: {value!r} ist kein Klassenwert der Vorhersage (ihre Klassen: {classes}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="55"/>
        <source>Line {line} of {path} maps {label} to {target}, but line {first} maps it to {earlier}; keep one of the two.</source>
        <translation>Zeile {line} von {path} ordnet {label} {target} zu, aber Zeile {first} ordnet es {earlier} zu; behalten Sie eine der beiden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="57"/>
        <source>{count:,} features of {path} (e.g. feature {fid}) have coordinates that are not numbers (NaN); fix or delete them (Vector ▸ Geometry Tools ▸ Check Validity shows them).</source>
        <translation>{count} Objekte von {path} (z. B. Objekt {fid}) haben Koordinaten, die keine Zahlen sind (NaN); korrigieren oder löschen Sie sie (Vektor ▸ Geometriewerkzeuge ▸ Gültigkeit prüfen zeigt sie).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="60"/>
        <source>{path} holds a table without geometries; give polygons (or points) with a class field, or a label raster.</source>
        <translation>{path} enthält eine Tabelle ohne Geometrien; geben Sie Polygone (oder Punkte) mit einem Klassenfeld an, oder ein Labelraster.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="62"/>
        <source>{path} is a raster: a class field (or a layer) is chosen for polygon labels only; leave it out for a label raster.</source>
        <translation>{path} ist ein Raster: ein Klassenfeld (oder ein Layer) wird nur für Label-Polygone gewählt; lassen Sie es für ein Labelraster weg.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="64"/>
        <source>The mapping file {path} is not UTF-8 text ({reason}); save it as CSV in UTF-8 (in a spreadsheet: CSV UTF-8).</source>
        <translation>Die Zuordnungsdatei {path} ist kein UTF-8-Text ({reason}); speichern Sie sie als CSV in UTF-8 (in einer Tabellenkalkulation: CSV UTF-8).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="66"/>
        <source>The {what} {path} does not exist or is not a file.</source>
        <translation>{what} {path} existiert nicht oder ist keine Datei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="67"/>
        <source>The folder of the {output}, {folder}, does not exist; create it or choose another file.</source>
        <translation>Der Ordner für {output}, {folder}, existiert nicht; legen Sie ihn an oder wählen Sie eine andere Datei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="69"/>
        <source>The {output} {path} is a folder or another non-file; choose a file name.</source>
        <translation>{output} {path} ist ein Ordner oder keine Datei; wählen Sie einen Dateinamen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="71"/>
        <source>Cannot write the {output} {path}: {reason}. Nothing was written; check that {folder} is writable and its disk has room.</source>
        <translation>{output} {path} kann nicht geschrieben werden: {reason}. Nichts wurde geschrieben; prüfen Sie, ob {folder} beschreibbar ist und sein Datenträger Platz hat.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="73"/>
        <source>{what} must be whole numbers; {value!r} was given.</source>
        <translation>{what} müssen ganze Zahlen sein; {value!r} wurde angegeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="74"/>
        <source>The {what} must be given as text (a path or a name); {value!r} was given.</source>
        <translation>{what} muss als Text angegeben werden (ein Pfad oder ein Name); {value!r} wurde angegeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="76"/>
        <source>--map gives label {label} two classes ({first} and {second}); keep one.</source>
        <translation>--map gibt Label {label} zwei Klassen ({first} und {second}); behalten Sie eine.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="78"/>
        <source>Label {label} is both ignored and mapped to class {value}; keep one of the two.</source>
        <translation>Label {label} ist zugleich ignoriert und Klasse {value} zugeordnet; behalten Sie eines der beiden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="80"/>
        <source>The labels in field {field} of {path} are texts, which ReSeg numbers for itself: {what} cannot name them by number ({value}). Name them instead (in a mapping file: urban,building).</source>
        <translation>Die Labels im Feld {field} von {path} sind Texte, die ReSeg selbst nummeriert: {what} kann sie nicht per Nummer angeben ({value}). Nennen Sie sie beim Namen (in einer Zuordnungsdatei: urban,building).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="83"/>
        <source>Field {field} of {path} holds lists or objects (e.g. in feature {fid}), not class values; choose a field of whole numbers or texts.</source>
        <translation>Feld {field} von {path} enthält Listen oder Objekte (z. B. in Objekt {fid}), keine Klassenwerte; wählen Sie ein Feld mit ganzen Zahlen oder Texten.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="86"/>
        <source>{path} has {count} bands; a {what} has one band of class values: extract that band first (gdal_translate -b N).</source>
        <translation>{path} hat {count} Bänder; ein {what} hat ein Band mit Klassenwerten: extrahieren Sie dieses Band zuerst (gdal_translate -b N).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="88"/>
        <source>The folder of the {output}, {folder}, is not writable ({reason}); choose another folder.</source>
        <translation>Der Ordner für {output}, {folder}, ist nicht beschreibbar ({reason}); wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="90"/>
        <source>Line {line} of {path} cannot be read as CSV ({reason}); write a label value, a comma and the class, e.g. 7,building.</source>
        <translation>Zeile {line} von {path} ist als CSV nicht lesbar ({reason}); schreiben Sie einen Labelwert, ein Komma und die Klasse, z. B. 7,building.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="92"/>
        <source>{path} has no layer {layer}; its layers are {layers}.</source>
        <translation>{path} hat keinen Layer {layer}; seine Layer sind {layers}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="93"/>
        <source>{path} holds no feature with a geometry and a class value ({count:,} features in all); give labels whose class field is filled in.</source>
        <translation>{path} enthält kein Objekt mit Geometrie und Klassenwert ({count} Objekte insgesamt); geben Sie Labels an, deren Klassenfeld ausgefüllt ist.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="96"/>
        <source>The mapping file {path} holds no mapping rows; write rows such as 7,building, or leave it out.</source>
        <translation>Die Zuordnungsdatei {path} enthält keine Zuordnungszeilen; schreiben Sie Zeilen wie 7,building, oder lassen Sie sie weg.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="98"/>
        <source>The {output} is written as {format}; give it a name ending in {suffix} (not {path}).</source>
        <translation>{output} wird als {format} geschrieben; geben Sie ihm einen Namen, der auf {suffix} endet (nicht {path}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="100"/>
        <source>{path} is georeferenced by ground control points (or RPCs), not by a grid; warp it to a grid first (Raster ▸ Projections ▸ Warp, or gdalwarp).</source>
        <translation>{path} ist über Passpunkte (oder RPCs) georeferenziert, nicht über ein Raster; entzerren Sie es zuerst auf ein Raster (Raster ▸ Projektionen ▸ Transformieren, oder gdalwarp).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="30"/>
        <source>The window must be a whole number of pixels from {low} to {high} (or none for the model&apos;s size); {value!r} was given.</source>
        <translation>Das Fenster muss eine ganze Zahl von Pixeln zwischen {low} und {high} sein (oder leer für die Größe des Modells); angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="32"/>
        <source>The window overlap must be a whole number of pixels from 0 to {high}, smaller than the window (half the window is a good choice); {value!r} was given.</source>
        <translation>Die Fensterüberlappung muss eine ganze Zahl von Pixeln zwischen 0 und {high} sein, kleiner als das Fenster (ein halbes Fenster ist eine gute Wahl); angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="35"/>
        <source>Choose 1 band (shown as grey) or 3 bands (red, green, blue), not {count}.</source>
        <translation>Wählen Sie 1 Kanal (als Grau) oder 3 Kanäle (Rot, Grün, Blau), nicht {count}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="37"/>
        <source>A band number must be a whole number from 1 (the first band); {value!r} was given.</source>
        <translation>Eine Kanalnummer muss eine ganze Zahl ab 1 (dem ersten Kanal) sein; angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="39"/>
        <source>The extent must be four finite numbers xmin, ymin, xmax, ymax with xmin &lt; xmax and ymin &lt; ymax; {value!r} was given.</source>
        <translation>Die Ausdehnung muss aus vier endlichen Zahlen xmin, ymin, xmax, ymax mit xmin &lt; xmax und ymin &lt; ymax bestehen; angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="41"/>
        <source>Give a processing scale or a target resolution, not both.</source>
        <translation>Geben Sie einen Verarbeitungsmaßstab oder eine Zielauflösung an, nicht beides.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="42"/>
        <source>The processing scale must be from {low} to {high:g} (1 = native); {value!r} was given.</source>
        <translation>Der Verarbeitungsmaßstab muss zwischen {low} und {high} liegen (1 = Originalauflösung); angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="44"/>
        <source>The target resolution must be a positive number of map units per pixel; {value!r} was given.</source>
        <translation>Die Zielauflösung muss eine positive Zahl von Karteneinheiten pro Pixel sein; angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="46"/>
        <source>The unclassified threshold must be from 0 to 1 (a probability; 0 classifies every pixel); {value!r} was given.</source>
        <translation>Die Schwelle für „nicht klassifiziert“ muss zwischen 0 und 1 liegen (eine Wahrscheinlichkeit; 0 klassifiziert jedes Pixel); angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="48"/>
        <source>The batch size must be a whole number of windows from 1 to {high}; {value!r} was given.</source>
        <translation>Die Stapelgröße muss eine ganze Zahl von Fenstern zwischen 1 und {high} sein; angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="50"/>
        <source>The minimum mapping unit must be a whole number of pixels from 0 (keep every region) to {high:,}; {value!r} was given.</source>
        <translation>Die Mindestkartiereinheit muss eine ganze Zahl von Pixeln zwischen 0 (alle Regionen behalten) und {high} sein; angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="52"/>
        <source>Overviews of classes are made by mode or nearest; {value!r} was given.</source>
        <translation>Übersichten von Klassen werden per mode (Modus) oder nearest (nächster Nachbar) erstellt; angegeben wurde {value!r}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="54"/>
        <source>A target resolution of {resolution:g} is {upsampling:,.0f} times finer than the raster&apos;s own pixels, an output of {width:,} x {height:,} pixels; at most {limit:g} times is allowed. Give a coarser resolution.</source>
        <translation>Eine Zielauflösung von {resolution} ist {upsampling}-mal feiner als die Pixel des Rasters, eine Ausgabe von {width} x {height} Pixeln; höchstens {limit}-mal ist erlaubt. Geben Sie eine gröbere Auflösung an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="58"/>
        <source>This scale is {upsampling:,.0f} times finer than the raster&apos;s own pixels, an output of {width:,} x {height:,} pixels; at most {limit:g} times is allowed. Give a coarser resolution.</source>
        <translation>Dieser Maßstab ist {upsampling}-mal feiner als die Pixel des Rasters, eine Ausgabe von {width} x {height} Pixeln; höchstens {limit}-mal ist erlaubt. Geben Sie eine gröbere Auflösung an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="61"/>
        <source>The output would be {width:,} x {height:,} pixels ({gigapixels:,.1f} gigapixels); at most {limit:g} gigapixels are allowed. Choose a smaller extent, or a coarser resolution (a scale below 1).</source>
        <translation>Die Ausgabe hätte {width} x {height} Pixel ({gigapixels} Gigapixel); höchstens {limit} Gigapixel sind erlaubt. Wählen Sie eine kleinere Ausdehnung oder eine gröbere Auflösung (einen Maßstab unter 1).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="67"/>
        <source>Unknown device {value!r}; choose one of {choices}.</source>
        <translation>Unbekanntes Gerät {value!r}; wählen Sie eines von {choices}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="68"/>
        <source>CUDA was requested, but torch {torch} (CUDA {cuda}) sees no usable NVIDIA GPU. Choose &apos;auto&apos; or &apos;cpu&apos;, or install a CUDA build of torch that matches your driver.</source>
        <translation>CUDA wurde angefordert, aber torch {torch} (CUDA {cuda}) findet keine nutzbare NVIDIA-GPU. Wählen Sie „auto“ oder „cpu“, oder installieren Sie eine CUDA-Version von torch, die zu Ihrem Treiber passt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="71"/>
        <source>CUDA was requested, but torch {torch} (no CUDA support) sees no usable NVIDIA GPU. Choose &apos;auto&apos; or &apos;cpu&apos;, or install a CUDA build of torch that matches your driver.</source>
        <translation>CUDA wurde angefordert, aber torch {torch} (ohne CUDA-Unterstützung) findet keine nutzbare NVIDIA-GPU. Wählen Sie „auto“ oder „cpu“, oder installieren Sie eine CUDA-Version von torch, die zu Ihrem Treiber passt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="74"/>
        <source>Apple MPS was requested but is not available; choose &apos;auto&apos; or &apos;cpu&apos;.</source>
        <translation>Apple MPS wurde angefordert, ist aber nicht verfügbar; wählen Sie „auto“ oder „cpu“.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="75"/>
        <source>Unknown precision {value!r}; choose one of {choices}.</source>
        <translation>Unbekannte Genauigkeit {value!r}; wählen Sie eine von {choices}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="76"/>
        <source>{value} runs on GPUs only; use &apos;auto&apos;, &apos;fp32&apos; or &apos;bf16&apos; on the CPU.</source>
        <translation>{value} läuft nur auf GPUs; verwenden Sie auf der CPU „auto“, „fp32“ oder „bf16“.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="77"/>
        <source>Unknown segment settings: {names}.</source>
        <translation>Unbekannte Segmentierungseinstellungen: {names}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="78"/>
        <source>A segment run needs {names}.</source>
        <translation>Ein Segmentierungslauf benötigt {names}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="79"/>
        <source>Unknown {kind} model {name!r}; choose one of {known}.</source>
        <translation>Unbekanntes {kind}-Modell {name!r}; wählen Sie eines von {known}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="82"/>
        <source>Dissolving makes one polygon per class in the polygons&apos; GeoPackage, but this run writes no polygons: name a GeoPackage for the polygons too, or leave dissolving off.</source>
        <translation>Auflösen ergibt ein Polygon je Klasse im GeoPackage der Polygone, aber dieser Lauf schreibt keine Polygone: geben Sie auch ein GeoPackage für die Polygone an, oder lassen Sie das Auflösen aus.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="85"/>
        <source>Overviews by {value} are made only for a Cloud-Optimised GeoTIFF, which this run does not write: ask for a Cloud-Optimised GeoTIFF too, or leave the overviews at mode.</source>
        <translation>Übersichten per {value} entstehen nur für ein Cloud-Optimised GeoTIFF, das dieser Lauf nicht schreibt: verlangen Sie auch ein Cloud-Optimised GeoTIFF, oder belassen Sie die Übersichten bei mode.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="88"/>
        <source>A confidence type ({value}) was given, but this run writes no confidence raster: name a file for the confidence raster too, or leave the type out.</source>
        <translation>Ein Konfidenztyp ({value}) wurde angegeben, aber dieser Lauf schreibt kein Konfidenzraster: geben Sie auch eine Datei für das Konfidenzraster an, oder lassen Sie den Typ weg.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="91"/>
        <source>A minimum mapping unit of {value} pixels is more than the whole processed raster holds ({width:,} x {height:,} = {pixels:,} pixels), so no region could reach it. Give the size of the smallest region to keep, far below {pixels:,} pixels, or 0 to keep every region.</source>
        <translation>Eine Mindestkartiereinheit von {value} Pixeln ist mehr, als das ganze verarbeitete Raster hat ({width} x {height} = {pixels} Pixel); keine Region könnte sie erreichen. Geben Sie die Größe der kleinsten zu behaltenden Region an, weit unter {pixels} Pixeln, oder 0, um jede Region zu behalten.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="95"/>
        <source>The {what} was given an empty name; give its name, or leave it out.</source>
        <translation>{what} wurde mit leerem Namen angegeben; geben Sie einen Namen an, oder lassen Sie es weg.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/limits.py" line="97"/>
        <source>{sam} is a SAM model, but this run uses no SAM ({why}): run with SAM (the balanced or quality preset), or leave the SAM model out.</source>
        <translation>{sam} ist ein SAM-Modell, aber dieser Lauf verwendet kein SAM ({why}): rechnen Sie mit SAM (Voreinstellung balanced oder quality), oder lassen Sie das SAM-Modell weg.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="7"/>
        <source>The raster has {count} bands; choose 1 band (shown as grey) or 3 bands (as red, green, blue).</source>
        <translation>Das Raster hat {count} Kanäle; wählen Sie 1 Kanal (als Grau dargestellt) oder 3 Kanäle (als Rot, Grün, Blau).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="9"/>
        <source>Band {band} does not exist; the raster has bands 1 to {count}.</source>
        <translation>Kanal {band} gibt es nicht; das Raster hat die Kanäle 1 bis {count}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="10"/>
        <source>{count} bands chosen; choose 1 band or 3 bands (red, green, blue).</source>
        <translation>{count} Kanäle gewählt; wählen Sie 1 Kanal oder 3 Kanäle (Rot, Grün, Blau).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="12"/>
        <source>Cannot open {path} as a raster: {reason}</source>
        <translation>{path} kann nicht als Raster geöffnet werden: {reason}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="13"/>
        <source>{path} has no pixels.</source>
        <translation>{path} hat keine Pixel.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="14"/>
        <source>{path} is georeferenced by ground control points, not by a grid; warp it to a grid first (Raster ▸ Projections ▸ Warp, or gdalwarp).</source>
        <translation>{path} ist über Passpunkte georeferenziert, nicht über ein regelmäßiges Gitter; transformieren Sie es zuerst auf ein Gitter (Raster ▸ Projektionen ▸ Transformieren (Reprojizieren), oder gdalwarp).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="16"/>
        <source>{path} is georeferenced by RPC coefficients, not by a grid; warp it to a grid first (Raster ▸ Projections ▸ Warp, or gdalwarp).</source>
        <translation>{path} ist über RPC-Koeffizienten georeferenziert, nicht über ein regelmäßiges Gitter; transformieren Sie es zuerst auf ein Gitter (Raster ▸ Projektionen ▸ Transformieren (Reprojizieren), oder gdalwarp).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="18"/>
        <source>An extent cannot be applied to a rotated raster; process the whole raster, or warp it to a north-up grid first.</source>
        <translation>Auf ein gedrehtes Raster lässt sich keine Ausdehnung anwenden; verarbeiten Sie das ganze Raster oder transformieren Sie es zuerst auf ein nach Norden ausgerichtetes Gitter.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="20"/>
        <source>The extent is empty: give xmin &lt; xmax and ymin &lt; ymax.</source>
        <translation>Die Ausdehnung ist leer: Geben Sie xmin &lt; xmax und ymin &lt; ymax an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="21"/>
        <source>The extent does not overlap the raster (check that it is in the raster&apos;s CRS).</source>
        <translation>Die Ausdehnung überschneidet das Raster nicht (prüfen Sie, ob sie im KBS des Rasters angegeben ist).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="23"/>
        <source>Cannot read {path} (processing rows {first} to {last}): {cause}. The file may be truncated or damaged: check it with gdalinfo -checksum, or export it again.</source>
        <translation>{path} kann nicht gelesen werden (Verarbeitungszeilen {first} bis {last}): {cause}. Die Datei ist vielleicht abgeschnitten oder beschädigt: Prüfen Sie sie mit gdalinfo -checksum oder exportieren Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="26"/>
        <source>{path} holds only nodata in the processed area.</source>
        <translation>{path} enthält im verarbeiteten Bereich nur NoData.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="29"/>
        <source>The confidence type must be one of {types}.</source>
        <translation>Der Datentyp der Konfidenz muss einer von {types} sein.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="30"/>
        <source>Each output needs its own file name.</source>
        <translation>Jede Ausgabe braucht einen eigenen Dateinamen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="31"/>
        <source>{name}: give it one of the suffixes .gpkg (a GeoPackage), .csv (a CSV table).</source>
        <translation>{name}: Geben Sie der Datei eine der Endungen .gpkg (ein GeoPackage) oder .csv (eine CSV-Tabelle).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="33"/>
        <source>{path} is the input raster; choose another output file name.</source>
        <translation>{path} ist das Eingaberaster; wählen Sie einen anderen Namen für die Ausgabedatei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="34"/>
        <source>{name} would replace the style file of the input {input}; choose another output file name.</source>
        <translation>{name} würde die Stildatei der Eingabe {input} ersetzen; wählen Sie einen anderen Namen für die Ausgabedatei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="36"/>
        <source>{name}: the output is a GeoTIFF; give it a .tif name.</source>
        <translation>{name}: Die Ausgabe ist ein GeoTIFF; geben Sie ihr einen Namen auf .tif.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="37"/>
        <source>The output folder {folder} does not exist.</source>
        <translation>Der Ausgabeordner {folder} existiert nicht.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="38"/>
        <source>The output folder {folder} is not writable ({reason}); choose another one.</source>
        <translation>In den Ausgabeordner {folder} kann nicht geschrieben werden ({reason}); wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="40"/>
        <source>{path} exists and cannot be replaced (read-only).</source>
        <translation>{path} existiert und kann nicht ersetzt werden (schreibgeschützt).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="41"/>
        <source>{path} is a folder, which ReSeg will not replace; choose a file name that does not clash with it (e.g. {example}).</source>
        <translation>{path} ist ein Ordner, den ReSeg nicht ersetzt; wählen Sie einen Dateinamen, der nicht damit kollidiert (z. B. {example}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="43"/>
        <source>{path} is not a regular file, which ReSeg will not replace; choose a file name that does not clash with it (e.g. {example}).</source>
        <translation>{path} ist keine reguläre Datei und wird von ReSeg nicht ersetzt; wählen Sie einen Dateinamen, der nicht damit kollidiert (z. B. {example}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="45"/>
        <source>Cannot write {path}: {reason}</source>
        <translation>{path} kann nicht geschrieben werden: {reason}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="46"/>
        <source>Cannot write {path}: {cause}. Check that {folder} is writable and its disk has room.</source>
        <translation>{path} kann nicht geschrieben werden: {cause}. Prüfen Sie, ob in {folder} geschrieben werden kann und sein Datenträger Platz hat.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="48"/>
        <source>Cannot write {path}: {cause}. The disk holding {folder} is full ({free_mb:,} MB free): free some space there, or choose another folder.</source>
        <translation>{path} kann nicht geschrieben werden: {cause}. Der Datenträger von {folder} ist voll ({free_mb} MB frei): Schaffen Sie dort Platz oder wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="51"/>
        <source>Cannot replace {path}: {reason}. Close it in other programs (or remove it from the QGIS project) and run again.</source>
        <translation>{path} kann nicht ersetzt werden: {reason}. Schließen Sie die Datei in anderen Programmen (oder entfernen Sie sie aus dem QGIS-Projekt) und starten Sie den Lauf erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="58"/>
        <source>{text!r} is not a colour; write it as #rrggbb, e.g. #2b7bba.</source>
        <translation>{text!r} ist keine Farbe; schreiben Sie sie als #rrggbb, z. B. #2b7bba.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="59"/>
        <source>The colour for {name!r} names no class of the class list.</source>
        <translation>Die Farbe für {name!r} gehört zu keiner Klasse der Klassenliste.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="60"/>
        <source>Give the colours either all in class order or all as name=#rrggbb.</source>
        <translation>Geben Sie die Farben entweder alle in Klassenreihenfolge oder alle als name=#rrggbb an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="62"/>
        <source>{given} colours given for {count} classes.</source>
        <translation>{given} Farben für {count} Klassen angegeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="65"/>
        <source>{path}: polygons are written as a GeoPackage, whose name ends in .gpkg; give a name such as {example}.</source>
        <translation>{path}: Polygone werden als GeoPackage geschrieben, dessen Name auf .gpkg endet; geben Sie einen Namen wie {example} an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="67"/>
        <source>{path}: area statistics are written as a CSV table, whose name ends in .csv; give a name such as {example}.</source>
        <translation>{path}: Flächenstatistiken werden als CSV-Tabelle geschrieben, deren Name auf .csv endet; geben Sie einen Namen wie {example} an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/run_warnings.py" line="5"/>
        <source>The raster has no CRS, so the result has none either; assign one in QGIS (Layer Properties ▸ Source) where it matters.</source>
        <translation>Das Raster hat kein KBS, daher hat auch das Ergebnis keines; weisen Sie in QGIS eines zu (Layereigenschaften ▸ Quelle), wo es darauf ankommt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/run_warnings.py" line="7"/>
        <source>Only one class was given, so every valid pixel gets it (unless the unclassified threshold says otherwise); name the other things in the scene too.</source>
        <translation>Es wurde nur eine Klasse angegeben, daher erhält jedes gültige Pixel diese (sofern die Schwelle für „nicht klassifiziert“ nichts anderes ergibt); nennen Sie auch die übrigen Dinge der Szene.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/run_files.py" line="33"/>
        <source>{path} could not be locked.</source>
        <translation>{path} konnte nicht gesperrt werden.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="8"/>
        <source>The server refused access to {url} (HTTP {code}).</source>
        <translation>Der Server hat den Zugriff auf {url} verweigert (HTTP {code}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="9"/>
        <source>Downloading {url} failed: HTTP {code} {reason}. The file may have moved.</source>
        <translation>Das Herunterladen von {url} ist fehlgeschlagen: HTTP {code} {reason}. Die Datei wurde vielleicht verschoben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="11"/>
        <source>Cannot connect to {host}: {reason}.</source>
        <translation>Keine Verbindung zu {host}: {reason}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="12"/>
        <source>Cannot write {path}: {reason}. Free some disk space, or choose another model cache folder.</source>
        <translation>{path} kann nicht geschrieben werden: {reason}. Schaffen Sie Platz auf dem Datenträger oder wählen Sie einen anderen Ordner für den Modell-Cache.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="14"/>
        <source>{url} answered a resume request with the wrong range.</source>
        <translation>{url} hat auf eine Anfrage zum Fortsetzen mit dem falschen Bereich geantwortet.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="15"/>
        <source>The transfer of {url} broke off after {received} bytes ({cause}). Run the download again to resume.</source>
        <translation>Die Übertragung von {url} brach nach {received} Bytes ab ({cause}). Starten Sie den Download erneut, um ihn fortzusetzen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="17"/>
        <source>Download cancelled; run it again to resume.</source>
        <translation>Download abgebrochen; starten Sie ihn erneut, um ihn fortzusetzen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="18"/>
        <source>The download of {url} does not match: the server&apos;s file is {total} bytes, {expected} were published. Nothing was kept; try again later, or import a verified copy.</source>
        <translation>Der Download von {url} stimmt nicht: Die Datei des Servers hat {total} Bytes, veröffentlicht wurden {expected}. Nichts wurde behalten; versuchen Sie es später erneut oder importieren Sie eine geprüfte Kopie.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="21"/>
        <source>The download of {url} does not match: {received} bytes arrived, {expected} were published. Nothing was kept; try again later, or import a verified copy.</source>
        <translation>Der Download von {url} stimmt nicht: {received} Bytes kamen an, veröffentlicht wurden {expected}. Nichts wurde behalten; versuchen Sie es später erneut oder importieren Sie eine geprüfte Kopie.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="24"/>
        <source>The download of {url} does not match: its sha256 is {digest}, the published one is {expected}. Nothing was kept; try again later, or import a verified copy.</source>
        <translation>Der Download von {url} stimmt nicht: Sein sha256 ist {digest}, der veröffentlichte ist {expected}. Nichts wurde behalten; versuchen Sie es später erneut oder importieren Sie eine geprüfte Kopie.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="27"/>
        <source>Files to fetch: {files}.</source>
        <translation>Herunterzuladende Dateien: {files}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="33"/>
        <source>Model weights are not installed: {names}. Allow downloads to fetch them into {cache}, or import the published files from a folder (python -m reseg_qgis.engine models import FOLDER, or the plugin&apos;s weights manager).</source>
        <translation>Modellgewichte sind nicht installiert: {names}. Erlauben Sie Downloads, um sie nach {cache} zu laden, oder importieren Sie die veröffentlichten Dateien aus einem Ordner (python -m reseg_qgis.engine models import ORDNER oder die Gewichteverwaltung des Plugins).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="37"/>
        <source>Model weights are not installed: {names}. Allow downloads to fetch them into {cache}, or import the published files from a folder (python -m reseg_qgis.engine models import FOLDER, or the plugin&apos;s weights manager). Files to fetch: {files}.</source>
        <translation>Modellgewichte sind nicht installiert: {names}. Erlauben Sie Downloads, um sie nach {cache} zu laden, oder importieren Sie die veröffentlichten Dateien aus einem Ordner (python -m reseg_qgis.engine models import ORDNER oder die Gewichteverwaltung des Plugins). Herunterzuladende Dateien: {files}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="41"/>
        <source>The model cache {folder} lies inside the plugin folder, which QGIS replaces on every upgrade; choose a folder outside it.</source>
        <translation>Der Modell-Cache {folder} liegt im Plugin-Ordner, den QGIS bei jedem Upgrade ersetzt; wählen Sie einen Ordner außerhalb davon.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="43"/>
        <source>The model cache manifest {path} is damaged ({cause}); delete it and import or download the models again.</source>
        <translation>Das Manifest des Modell-Caches {path} ist beschädigt ({cause}); löschen Sie es und importieren oder laden Sie die Modelle erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="45"/>
        <source>{name} is not the published archive ({cause}); nothing was kept.</source>
        <translation>{name} ist nicht das veröffentlichte Archiv ({cause}); nichts wurde behalten.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="47"/>
        <source>The cached weights {path} of {title} ({name}) have changed since they were verified: sha256 {digest}, recorded {expected}. Delete the file, then download it again (python -m reseg_qgis.engine models download {name}, or ReSeg ▸ Settings and weights ▸ Download selected), or import the published file.</source>
        <translation>Die zwischengespeicherten Gewichte {path} von {title} ({name}) haben sich seit ihrer Prüfung geändert: sha256 {digest}, aufgezeichnet {expected}. Löschen Sie die Datei und laden Sie sie erneut herunter (python -m reseg_qgis.engine models download {name} oder ReSeg ▸ Einstellungen und Gewichte ▸ Auswahl herunterladen), oder importieren Sie die veröffentlichte Datei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="52"/>
        <source>The cached weights {path} of {title} ({name}) have changed since they were verified: sha256 {digest}, recorded {expected}. Delete the file, then add it again from its file (models add), or import the published file.</source>
        <translation>Die zwischengespeicherten Gewichte {path} von {title} ({name}) haben sich seit ihrer Prüfung geändert: sha256 {digest}, aufgezeichnet {expected}. Löschen Sie die Datei und fügen Sie sie erneut aus ihrer Datei hinzu (models add), oder importieren Sie die veröffentlichte Datei.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="56"/>
        <source>{name} is a model you added from a file; it has nothing to download. Add it again from its file.</source>
        <translation>{name} ist ein Modell, das Sie aus einer Datei hinzugefügt haben; es gibt nichts herunterzuladen. Fügen Sie es erneut aus seiner Datei hinzu.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="58"/>
        <source>{name!r}: use 2-63 lower-case letters, digits, &apos;.&apos;, &apos;_&apos; or &apos;-&apos;, beginning with a letter or digit.</source>
        <translation>{name!r}: Verwenden Sie 2 bis 63 Kleinbuchstaben, Ziffern, „.“, „_“ oder „-“, beginnend mit einem Buchstaben oder einer Ziffer.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="60"/>
        <source>{name} is a published model&apos;s name; choose another.</source>
        <translation>{name} ist der Name eines veröffentlichten Modells; wählen Sie einen anderen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="61"/>
        <source>The kind must be clip or sam.</source>
        <translation>Die Art muss clip oder sam sein.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="62"/>
        <source>{name} is not a model you added.</source>
        <translation>{name} ist kein Modell, das Sie hinzugefügt haben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="63"/>
        <source>{name} is a model you added; remove it instead (models remove {name}).</source>
        <translation>{name} ist ein Modell, das Sie hinzugefügt haben; entfernen Sie es stattdessen (models remove {name}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="65"/>
        <source>{path} does not exist.</source>
        <translation>{path} existiert nicht.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="66"/>
        <source>{path} is damaged ({cause}); fix or delete it, then add your models again (models add).</source>
        <translation>{path} ist beschädigt ({cause}); reparieren oder löschen Sie die Datei und fügen Sie Ihre Modelle erneut hinzu (models add).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="68"/>
        <source>Unknown model {name!r}; known models: {known}.</source>
        <translation>Unbekanntes Modell {name!r}; bekannte Modelle: {known}.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="69"/>
        <source>{name} is not a {kind} model.</source>
        <translation>{name} ist kein {kind}-Modell.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="72"/>
        <source>{name} is not a readable safetensors file: {cause}</source>
        <translation>{name} ist keine lesbare safetensors-Datei: {cause}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="73"/>
        <source>{name} is not a readable torch checkpoint; it starts with {start!r} (an HTML page, or an interrupted copy?).</source>
        <translation>{name} ist kein lesbarer torch-Checkpoint; die Datei beginnt mit {start!r} (eine HTML-Seite oder eine abgebrochene Kopie?).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="75"/>
        <source>{name} is a TorchScript archive (like OpenAI&apos;s original .pt files), which cannot be loaded safely. Use the open_clip weights the registry names.</source>
        <translation>{name} ist ein TorchScript-Archiv (wie die ursprünglichen .pt-Dateien von OpenAI), das nicht sicher geladen werden kann. Verwenden Sie die open_clip-Gewichte, die das Register nennt.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="78"/>
        <source>{name} was refused: it holds Python objects or code, not only tensors, and loading it could run that code. ({cause})</source>
        <translation>{name} wurde abgelehnt: Die Datei enthält Python-Objekte oder Code, nicht nur Tensoren, und ihr Laden könnte diesen Code ausführen. ({cause})</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="80"/>
        <source>{name} is not a readable torch checkpoint (truncated or corrupt?): {cause}</source>
        <translation>{name} ist kein lesbarer torch-Checkpoint (abgeschnitten oder beschädigt?): {cause}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="82"/>
        <source>{name} is neither a state_dict nor an open_clip training checkpoint (found {found}).</source>
        <translation>{name} ist weder ein state_dict noch ein open_clip-Trainings-Checkpoint (gefunden: {found}).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="84"/>
        <source>{source} does not fit the model architecture: {problems}. Check that the file belongs to this model.</source>
        <translation>{source} passt nicht zur Modellarchitektur: {problems}. Prüfen Sie, ob die Datei zu diesem Modell gehört.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="88"/>
        <source>The {argument} of a model to add must be text; {value} was given.</source>
        <translation>{argument} eines hinzuzufügenden Modells muss Text sein; {value} wurde angegeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="90"/>
        <source>Give the checkpoint file of the model to add (its path, as text); {value} was given.</source>
        <translation>Geben Sie die Checkpoint-Datei des hinzuzufügenden Modells an (ihren Pfad, als Text); {value} wurde angegeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="92"/>
        <source>The architecture must be a name (e.g. ViT-B-16-quickgelu for CLIP, vit_b for SAM), a .json file holding a model config, or that config as an object; {value} was given.</source>
        <translation>Die Architektur muss ein Name sein (z. B. ViT-B-16-quickgelu für CLIP, vit_b für SAM), eine .json-Datei mit einer Modellkonfiguration oder diese Konfiguration als Objekt; {value} wurde angegeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="95"/>
        <source>{architecture!r} is not a {kind} architecture ReSeg can use; choose one of {known}, or give a .json file holding a model config.</source>
        <translation>{architecture!r} ist keine {kind}-Architektur, die ReSeg verwenden kann; wählen Sie eine von {known}, oder geben Sie eine .json-Datei mit einer Modellkonfiguration an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="98"/>
        <source>The architecture file {path} cannot be used: {cause}. It must hold one JSON object: an open_clip model config (CLIP) or SAM&apos;s sizes.</source>
        <translation>Die Architekturdatei {path} ist nicht verwendbar: {cause}. Sie muss ein JSON-Objekt enthalten: eine open_clip-Modellkonfiguration (CLIP) oder die Größen von SAM.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="101"/>
        <source>ReSeg cannot use the {kind} architecture {architecture}: {cause}. Check its fields and values against an open_clip model config (CLIP) or SAM&apos;s sizes.</source>
        <translation>ReSeg kann die {kind}-Architektur {architecture} nicht verwenden: {cause}. Prüfen Sie ihre Felder und Werte anhand einer open_clip-Modellkonfiguration (CLIP) oder der Größen von SAM.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="104"/>
        <source>{path} is a folder; give the checkpoint file itself (e.g. a .pt, .pth or .safetensors file), not its folder.</source>
        <translation>{path} ist ein Ordner; geben Sie die Checkpoint-Datei selbst an (z. B. eine .pt-, .pth- oder .safetensors-Datei), nicht ihren Ordner.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="106"/>
        <source>{path} is not a regular file (a device, pipe or socket?); give the checkpoint file itself.</source>
        <translation>{path} ist keine reguläre Datei (ein Gerät, eine Pipe oder ein Socket?); geben Sie die Checkpoint-Datei selbst an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="108"/>
        <source>Cannot read {path}: {reason}. Check that you may read it, or copy it to where you may.</source>
        <translation>{path} kann nicht gelesen werden: {reason}. Prüfen Sie, ob Sie sie lesen dürfen, oder kopieren Sie sie dorthin, wo Sie es dürfen.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="110"/>
        <source>{name} is empty (0 bytes): an interrupted copy? Copy or download it again.</source>
        <translation>{name} ist leer (0 Byte): eine abgebrochene Kopie? Kopieren oder laden Sie sie erneut.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="112"/>
        <source>{name} is not a torch checkpoint or a safetensors file (it starts with {start!r}); give the checkpoint file itself, as torch.save or safetensors wrote it.</source>
        <translation>{name} ist weder ein torch-Checkpoint noch eine safetensors-Datei (sie beginnt mit {start!r}); geben Sie die Checkpoint-Datei selbst an, wie torch.save oder safetensors sie geschrieben hat.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="115"/>
        <source>{name} is a zip archive, not a torch checkpoint (it holds {members}); unpack it and give the checkpoint inside.</source>
        <translation>{name} ist ein ZIP-Archiv, kein torch-Checkpoint (es enthält {members}); entpacken Sie es und geben Sie den Checkpoint darin an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="118"/>
        <source>Give the file or folder to import (its path, as text); {value} was given.</source>
        <translation>Geben Sie die zu importierende Datei oder den Ordner an (den Pfad, als Text); {value} wurde angegeben.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="120"/>
        <source>{path} is neither a regular file nor a folder (a device, pipe or socket?); give a model file, or a folder of them.</source>
        <translation>{path} ist weder eine reguläre Datei noch ein Ordner (ein Gerät, eine Pipe oder ein Socket?); geben Sie eine Modelldatei oder einen Ordner mit solchen an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/weights/messages.py" line="122"/>
        <source>There are no files in {folder}; give the folder that holds the model files you fetched, or one of those files.</source>
        <translation>In {folder} liegen keine Dateien; geben Sie den Ordner an, der die geholten Modelldateien enthält, oder eine dieser Dateien.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/models/masked_clip.py" line="23"/>
        <source>This CLIP vision tower pools its tokens in a way ReSeg cannot use (attentional pooling, pool type {pool!r} or a norm after pooling); choose a CLIP ViT with a CLS token, such as ViT-B-16 or ViT-L-14.</source>
        <translation>Dieser CLIP-Bildturm bündelt seine Tokens auf eine Weise, die ReSeg nicht nutzen kann (Attention-Pooling, Pooling-Typ {pool!r} oder eine Normierung nach dem Pooling); wählen Sie ein CLIP-ViT mit CLS-Token, etwa ViT-B-16 oder ViT-L-14.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/models/torchvision_ops.py" line="37"/>
        <source>torchvision {torchvision} cannot load its compiled operators with torch {torch}, so SAM's duplicate masks are removed by slower code of ReSeg's own. Make them match: Raster ▸ ReSeg ▸ Python environment… ▸ Repair (in a Python of your own, install the torchvision built for this torch).</source>
        <translation>torchvision {torchvision} kann seine kompilierten Operatoren mit torch {torch} nicht laden, daher entfernt langsamerer Code von ReSeg selbst die doppelten Masken von SAM. Bringen Sie beide in Einklang: Raster ▸ ReSeg ▸ Python-Umgebung… ▸ Reparieren (in einem eigenen Python installieren Sie das für dieses torch gebaute torchvision).</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/evaluation/messages.py" line="20"/>
        <source>Cannot open the classified raster {path}: {reason}</source>
        <translation>Das klassifizierte Raster {path} kann nicht geöffnet werden: {reason}</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/models/masked_clip.py" line="20"/>
        <source>A window of {height} x {width} pixels is not a multiple of the CLIP patch size ({patch} pixels): give a window such as {example}.</source>
        <translation>Ein Fenster von {height} x {width} Pixeln ist kein Vielfaches der CLIP-Patchgröße ({patch} Pixel): Geben Sie ein Fenster wie {example} an.</translation>
    </message>
    <message>
        <location filename="../reseg_qgis/engine/raster/messages.py" line="54"/>
        <source>{folder} is in the way of the mosaic&apos;s tiles, which go to a folder of that name; move it, or choose another output name.</source>
        <translation>{folder} steht den Kacheln des Mosaiks im Weg, die in einen Ordner dieses Namens kommen; verschieben Sie es oder wählen Sie einen anderen Ausgabenamen.</translation>
    </message>
</context>
</TS>
