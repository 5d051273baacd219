<?xml version="1.0" encoding="UTF-8"?>
<!--
  A Word part (the main document, a header or a footer) as a flat stream of events, made in C by
  libxslt so that the reader in Python never walks the elements one by one.

  Each event is U+E000 and a letter, then its fields, each after U+E001:

    P properties text                          a paragraph. Its properties, each followed by
                                               U+E002: "s" and its style, "o" and its outline
                                               level, "n" and its list ("0" for a w:numPr without
                                               one) then "l" and its level, "b" and the paragraph
                                               mark's w:b ("1" when it has no w:val). In
                                               the text: before each run's text, U+E003, the run's
                                               w:b ("b" and its value) or character style ("s"
                                               and its id) if it has either, and U+E004; where a
                                               content control with a tag starts, U+E005, the tag
                                               and U+E004.
    B / b                                      a text box's content starts / ends (after the
                                               paragraph that holds the box)
    S tag / s                                  a block content control starts / ends
    T / t, R / r, C tag / c                    a table, a row (a deleted row has no cells), a
                                               cell (tag: of a content control around the cell)
    H text                                     in a header or footer: each paragraph's text

  and for the definitions the body refers to:

    Y id name basedOn outline num bold         a style (styles.xml): num is its numbering,
                                               numId U+E002 ilvl ("" for none); bold as above
    A id                                       a list definition (numbering.xml, w:abstractNum),
      L ilvl format text start                 then each of its levels
    N id abstract                              a list (w:num) and its definition ("" for none),
      O ilvl start                             then each of its levels' restart values

  Tracked changes are resolved: w:ins and w:moveTo are read, w:del and w:moveFrom are not. Of
  mc:AlternateContent only the first mc:Choice is read. The separators are private-use
  characters; a part whose own text may hold them is cleaned before it comes here
  (docx_blocks._events).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
  <xsl:output method="text" encoding="UTF-8"/>

  <!-- Most documents have no text box: then no paragraph is searched for one. -->
  <xsl:variable name="boxes" select="boolean(//w:txbxContent)"/>

  <!-- The part ........................................................................... -->

  <xsl:template match="/w:document">
    <xsl:apply-templates select="w:body/*"/>
  </xsl:template>

  <xsl:template match="/w:hdr | /w:ftr">
    <xsl:for-each select=".//w:p">
      <xsl:text>&#xE000;H&#xE001;</xsl:text>
      <xsl:apply-templates select="*" mode="text"/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="/w:styles">
    <xsl:for-each select="w:style">
      <xsl:text>&#xE000;Y&#xE001;</xsl:text>
      <xsl:value-of select="@w:styleId"/>
      <xsl:text>&#xE001;</xsl:text>
      <xsl:choose>
        <xsl:when test="w:name[1]/@w:val">
          <xsl:value-of select="w:name[1]/@w:val"/>
        </xsl:when>
        <xsl:otherwise>
          <xsl:value-of select="@w:styleId"/>
        </xsl:otherwise>
      </xsl:choose>
      <xsl:text>&#xE001;</xsl:text>
      <xsl:value-of select="w:basedOn[1]/@w:val"/>
      <xsl:text>&#xE001;</xsl:text>
      <xsl:value-of select="w:pPr[1]/w:outlineLvl[1]/@w:val"/>
      <xsl:text>&#xE001;</xsl:text>
      <xsl:for-each select="w:pPr[1]/w:numPr[1]/w:numId[1]">
        <xsl:choose>
          <xsl:when test="@w:val">
            <xsl:value-of select="@w:val"/>
          </xsl:when>
          <xsl:otherwise>0</xsl:otherwise>
        </xsl:choose>
        <xsl:text>&#xE002;</xsl:text>
        <xsl:value-of select="../w:ilvl[1]/@w:val"/>
      </xsl:for-each>
      <xsl:text>&#xE001;</xsl:text>
      <xsl:for-each select="w:rPr[1]/w:b[1]">
        <xsl:choose>
          <xsl:when test="string(@w:val)">
            <xsl:value-of select="@w:val"/>
          </xsl:when>
          <xsl:otherwise>1</xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="/w:numbering">
    <xsl:for-each select="w:abstractNum">
      <xsl:text>&#xE000;A&#xE001;</xsl:text>
      <xsl:value-of select="@w:abstractNumId"/>
      <xsl:for-each select="w:lvl">
        <xsl:text>&#xE000;L&#xE001;</xsl:text>
        <xsl:value-of select="@w:ilvl"/>
        <xsl:text>&#xE001;</xsl:text>
        <xsl:choose>
          <xsl:when test="w:numFmt[1]/@w:val">
            <xsl:value-of select="w:numFmt[1]/@w:val"/>
          </xsl:when>
          <xsl:otherwise>decimal</xsl:otherwise>
        </xsl:choose>
        <xsl:text>&#xE001;</xsl:text>
        <xsl:value-of select="w:lvlText[1]/@w:val"/>
        <xsl:text>&#xE001;</xsl:text>
        <xsl:value-of select="w:start[1]/@w:val"/>
      </xsl:for-each>
    </xsl:for-each>
    <xsl:for-each select="w:num">
      <xsl:text>&#xE000;N&#xE001;</xsl:text>
      <xsl:value-of select="@w:numId"/>
      <xsl:text>&#xE001;</xsl:text>
      <xsl:value-of select="w:abstractNumId[1]/@w:val"/>
      <xsl:for-each select="w:lvlOverride">
        <xsl:text>&#xE000;O&#xE001;</xsl:text>
        <xsl:value-of select="@w:ilvl"/>
        <xsl:text>&#xE001;</xsl:text>
        <xsl:value-of select="w:startOverride[1]/@w:val"/>
      </xsl:for-each>
    </xsl:for-each>
  </xsl:template>

  <!-- Blocks .............................................................................. -->

  <xsl:template match="w:p">
    <xsl:text>&#xE000;P&#xE001;</xsl:text>
    <xsl:apply-templates select="w:pPr[1]/*" mode="properties"/>
    <xsl:text>&#xE001;</xsl:text>
    <xsl:apply-templates select="*" mode="text"/>
    <xsl:if test="$boxes and .//w:txbxContent">
      <xsl:apply-templates select="*" mode="boxes"/>
    </xsl:if>
  </xsl:template>

  <xsl:template match="w:sdt">
    <xsl:text>&#xE000;S&#xE001;</xsl:text>
    <xsl:value-of select="w:sdtPr/w:tag/@w:val"/>
    <xsl:apply-templates select="w:sdtContent/*"/>
    <xsl:text>&#xE000;s</xsl:text>
  </xsl:template>

  <xsl:template match="w:ins | w:moveTo | w:customXml">
    <xsl:apply-templates select="*"/>
  </xsl:template>

  <xsl:template match="mc:AlternateContent">
    <xsl:apply-templates select="mc:Choice[1]/*"/>
  </xsl:template>

  <xsl:template match="w:tbl">
    <xsl:text>&#xE000;T</xsl:text>
    <xsl:apply-templates select="*" mode="rows"/>
    <xsl:text>&#xE000;t</xsl:text>
  </xsl:template>

  <!-- Anything else between blocks (section properties, bookmarks, deletions) says nothing. -->
  <xsl:template match="*"/>

  <!-- Rows and cells ...................................................................... -->

  <!-- A deleted row (a tracked change) is counted but has no cells. -->
  <xsl:template match="w:tr" mode="rows">
    <xsl:text>&#xE000;R</xsl:text>
    <xsl:if test="not(w:trPr/w:del)">
      <xsl:apply-templates select="*" mode="cells"/>
    </xsl:if>
    <xsl:text>&#xE000;r</xsl:text>
  </xsl:template>

  <xsl:template match="w:sdt" mode="rows">
    <xsl:apply-templates select="w:sdtContent/*" mode="rows"/>
  </xsl:template>

  <xsl:template match="w:customXml | w:ins" mode="rows">
    <xsl:apply-templates select="*" mode="rows"/>
  </xsl:template>

  <xsl:template match="*" mode="rows"/>

  <xsl:template match="w:tc" mode="cells">
    <xsl:param name="tag" select="''"/>
    <xsl:text>&#xE000;C&#xE001;</xsl:text>
    <xsl:value-of select="$tag"/>
    <xsl:apply-templates select="*"/>
    <xsl:text>&#xE000;c</xsl:text>
  </xsl:template>

  <xsl:template match="w:sdt" mode="cells">
    <xsl:apply-templates select="w:sdtContent/w:tc" mode="cells">
      <xsl:with-param name="tag" select="string(w:sdtPr/w:tag/@w:val)"/>
    </xsl:apply-templates>
  </xsl:template>

  <xsl:template match="*" mode="cells"/>

  <!-- The properties of a paragraph ................................................... -->

  <xsl:template match="w:pStyle" mode="properties">
    <xsl:text>s</xsl:text>
    <xsl:value-of select="@w:val"/>
    <xsl:text>&#xE002;</xsl:text>
  </xsl:template>

  <xsl:template match="w:outlineLvl" mode="properties">
    <xsl:text>o</xsl:text>
    <xsl:value-of select="@w:val"/>
    <xsl:text>&#xE002;</xsl:text>
  </xsl:template>

  <xsl:template match="w:numPr" mode="properties">
    <xsl:text>n</xsl:text>
    <xsl:choose>
      <xsl:when test="string(w:numId[1]/@w:val)">
        <xsl:value-of select="w:numId[1]/@w:val"/>
      </xsl:when>
      <xsl:otherwise>0</xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#xE002;l</xsl:text>
    <xsl:value-of select="w:ilvl[1]/@w:val"/>
    <xsl:text>&#xE002;</xsl:text>
  </xsl:template>

  <xsl:template match="w:rPr" mode="properties">
    <xsl:for-each select="w:b[1]">
      <xsl:text>b</xsl:text>
      <xsl:choose>
        <xsl:when test="string(@w:val)">
          <xsl:value-of select="@w:val"/>
        </xsl:when>
        <xsl:otherwise>1</xsl:otherwise>
      </xsl:choose>
      <xsl:text>&#xE002;</xsl:text>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="*" mode="properties"/>

  <!-- The text of a paragraph ............................................................. -->

  <xsl:template match="w:del | w:moveFrom | w:pPr | w:rPr | w:sdtPr | mc:Fallback
                       | w:txbxContent" mode="text"/>

  <xsl:template match="mc:AlternateContent" mode="text">
    <xsl:apply-templates select="mc:Choice[1]" mode="text"/>
  </xsl:template>

  <xsl:template match="w:r" mode="text">
    <xsl:text>&#xE003;</xsl:text>
    <xsl:choose>
      <xsl:when test="w:rPr/w:b">b<xsl:value-of select="w:rPr/w:b/@w:val"/></xsl:when>
      <xsl:when test="w:rPr/w:rStyle">s<xsl:value-of select="w:rPr/w:rStyle/@w:val"/></xsl:when>
    </xsl:choose>
    <xsl:text>&#xE004;</xsl:text>
    <xsl:apply-templates select="*" mode="text"/>
  </xsl:template>

  <!-- The tag of a content control in the paragraph, between U+E005 and U+E004. -->
  <xsl:template match="w:sdt" mode="text">
    <xsl:if test="string(w:sdtPr/w:tag/@w:val)">
      <xsl:text>&#xE005;</xsl:text>
      <xsl:value-of select="w:sdtPr/w:tag/@w:val"/>
      <xsl:text>&#xE004;</xsl:text>
    </xsl:if>
    <xsl:apply-templates select="w:sdtContent" mode="text"/>
  </xsl:template>

  <xsl:template match="w:t" mode="text">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="w:r/w:tab" mode="text">
    <xsl:text>&#9;</xsl:text>
  </xsl:template>

  <xsl:template match="w:br[not(@w:type) or @w:type = 'textWrapping'] | w:cr" mode="text">
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="w:noBreakHyphen" mode="text">
    <xsl:text>-</xsl:text>
  </xsl:template>

  <xsl:template match="*" mode="text">
    <xsl:apply-templates select="*" mode="text"/>
  </xsl:template>

  <!-- Text boxes held by a paragraph, read as blocks after it ............................. -->

  <xsl:template match="w:del | w:moveFrom | w:pPr | w:rPr | w:sdtPr | mc:Fallback" mode="boxes"/>

  <xsl:template match="mc:AlternateContent" mode="boxes">
    <xsl:apply-templates select="mc:Choice[1]" mode="boxes"/>
  </xsl:template>

  <xsl:template match="w:txbxContent" mode="boxes">
    <xsl:text>&#xE000;B</xsl:text>
    <xsl:apply-templates select="*"/>
    <xsl:text>&#xE000;b</xsl:text>
  </xsl:template>

  <xsl:template match="*" mode="boxes">
    <xsl:apply-templates select="*" mode="boxes"/>
  </xsl:template>
</xsl:stylesheet>
