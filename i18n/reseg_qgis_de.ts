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
</context>
</TS>
